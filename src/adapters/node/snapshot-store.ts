import type { PersistedFlow } from '../../machine/index.js';

export type { PersistedFlow };

/**
 * Where headless runs keep their flows between steps, so that a run killed mid-flow
 * resumes on the same execution. `key` names one flow (by default its referenceId).
 */
export interface SnapshotStore {
  /** The flow saved under `key`, or `undefined` when there is none. Never a silently fresh start over a bad one: throws `SnapshotStoreError`. */
  load(key: string): Promise<PersistedFlow | undefined>;
  /**
   * Replaces the flow saved under `key`; once it resolves, a crash does not lose it. With
   * `onlyNew`, writes only when nothing is saved under `key`, in one step no other process
   * can come between, and else rejects, nothing written: `SnapshotStoreError`
   * `SNAPSHOT_OWNER` (`flowTaken`), another run having begun the same flow meanwhile. A
   * store that ignores `onlyNew` cannot tell two fresh runs of one key apart.
   */
  save(key: string, persisted: PersistedFlow, options?: SaveOptions): Promise<void>;
  /** Forgets `key`; forgetting an unknown key is not an error. */
  delete(key: string): Promise<void>;
}

/** How a save writes: `onlyNew` for the first save of a flow a run begins. */
export interface SaveOptions {
  readonly onlyNew?: boolean;
}

/** The version of `PersistedFlow` this adapter can restore. */
export const PERSISTED_FLOW_VERSION = 1;
