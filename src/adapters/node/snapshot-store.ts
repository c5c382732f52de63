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
  /**
   * Optional: the flow saved under `key` with its `revision`, for fenced saves. A store that
   * has it keeps with each flow the `revision` its save named, and honours `basedOn`; a run
   * resuming from it claims the flow (a save `basedOn` what it loaded) before it sends
   * anything, so that of two runs resuming one flow at once, one goes on and the other is
   * refused (`SNAPSHOT_OWNER`, `flowMoved`). A store without it is resumed unfenced: two
   * such runs at once both go on (every answer carries its `callbackKey`, so it takes
   * effect once, but every call is made twice and the last save wins).
   */
  loadRevision?(key: string): Promise<SavedFlow | undefined>;
}

/** A saved flow and the revision it was saved as (`''` for one saved without any). */
export interface SavedFlow {
  readonly persisted: PersistedFlow;
  readonly revision: string;
}

/**
 * How a save writes: `onlyNew` for the first save of a flow a run begins; `revision` and
 * `basedOn` for fenced saves (stores with `loadRevision`; others ignore them).
 */
export interface SaveOptions {
  readonly onlyNew?: boolean;
  /** The revision this save writes, kept with the flow (the store makes one when not given). */
  readonly revision?: string;
  /**
   * Writes only while the flow saved under `key` is still this revision, in one step no
   * other process can come between, and else rejects, nothing written: `SnapshotStoreError`
   * `SNAPSHOT_OWNER` (`flowMoved`), another run having saved the flow (or deleted it) since.
   */
  readonly basedOn?: string;
}

/** The version of `PersistedFlow` this adapter can restore. */
export const PERSISTED_FLOW_VERSION = 1;
