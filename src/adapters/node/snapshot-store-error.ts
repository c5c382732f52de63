import { KycFlowError } from '../../services/errors/kyc-flow-error.js';

export type SnapshotStoreFailure =
  /** The saved data is not a snapshot (truncated, not JSON, wrong shape, forged). */
  | 'SNAPSHOT_CORRUPT'
  /** The path names a directory, a FIFO or a device: refused before anything is read. */
  | 'SNAPSHOT_NOT_A_FILE'
  /** A snapshot of a format or flow version this build cannot restore. */
  | 'SNAPSHOT_VERSION'
  /**
   * A snapshot this build cannot restore, saved by a later kyc-flow (its `writtenBy`): a
   * process of that version resumes it (a rolling deploy; `kyc-flow/queue` hands it on).
   */
  | 'SNAPSHOT_NEWER'
  /** The saved snapshot belongs to another key. */
  | 'SNAPSHOT_KEY'
  /** The saved flow is another customer's (its customerId or email is not this one's). */
  | 'SNAPSHOT_CUSTOMER'
  /**
   * Another run owns the flow now: a queue worker frozen past its job lock, whose job
   * another worker took over, is refused its writes (`kyc-flow/queue`); a fresh run whose
   * flow another run of the same key began at the same moment is refused its first save;
   * of two runs resuming one flow at once (a store with `loadRevision`), the one whose claim
   * comes second is refused it, before sending anything.
   */
  | 'SNAPSHOT_OWNER'
  /** The store could not be read or written. */
  | 'SNAPSHOT_IO';

/**
 * A save `onlyNew` refused by `location`: another run of the key began the flow first. The
 * run that began it goes on; this one has sent nothing (a new flow is saved before it is
 * started).
 */
export const flowTaken = (key: string, location: string): SnapshotStoreError =>
  new SnapshotStoreError(
    'SNAPSHOT_OWNER',
    key,
    location,
    'another run began this flow at the same time and saved it first; it goes on there, and this run sent nothing: run it again once that run is over',
  );

/**
 * A save `basedOn` a revision refused by `location`: another run saved the flow (or it was
 * deleted) since this run read it. That run goes on; this one stops here. When the refused
 * save was a resuming run's claim, this run has sent nothing.
 */
export const flowMoved = (key: string, location: string): SnapshotStoreError =>
  new SnapshotStoreError(
    'SNAPSHOT_OWNER',
    key,
    location,
    'another run saved this flow after this run read it (two runs resumed it at once, or it was deleted): that run goes on, and this one stopped here (before sending anything, if it was resuming): run it again once that run is over',
  );

/**
 * A saved flow that cannot be used. Raised instead of starting a new flow over it, which
 * would register the customer and start a second execution.
 */
export class SnapshotStoreError extends KycFlowError {
  override readonly name = 'SnapshotStoreError';
  readonly retryable: boolean;

  constructor(
    readonly code: SnapshotStoreFailure,
    readonly key: string,
    /** Where the snapshot lives (a file path for the file store). */
    readonly location: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`snapshot ${JSON.stringify(key)} at ${location}: ${detail}`, options);
    this.retryable = code === 'SNAPSHOT_IO';
  }
}
