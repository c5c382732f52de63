import type { PersistedFlow } from '../../machine/index.js';

export type { PersistedFlow };

/**
 * Where headless runs keep their flows between steps, so that a run killed mid-flow
 * resumes on the same execution. `key` names one flow (by default its referenceId).
 */
export interface SnapshotStore {
  /** The flow saved under `key`, or `undefined` when there is none. Never a silently fresh start over a bad one: throws `SnapshotStoreError`. */
  load(key: string): Promise<PersistedFlow | undefined>;
  /** Replaces the flow saved under `key`; once it resolves, a crash does not lose it. */
  save(key: string, persisted: PersistedFlow): Promise<void>;
  /** Forgets `key`; forgetting an unknown key is not an error. */
  delete(key: string): Promise<void>;
}

/** The version of `PersistedFlow` this adapter can restore. */
export const PERSISTED_FLOW_VERSION = 1;
