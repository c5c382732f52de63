import { SnapshotStoreError } from '../node/snapshot-store-error.js';

/** How soon a job handed on for a newer build is offered again. */
export const NEWER_BUILD_RETRY_MS = 60_000;
/** Jobs a worker remembers handing on; past this, the one handed on first is forgotten. */
const MAX_REMEMBERED = 10_000;

/** The run could not read its flow: a later kyc-flow saved it (`SNAPSHOT_NEWER`). */
export const savedByNewerBuild = (error: unknown): boolean =>
  error instanceof SnapshotStoreError && error.code === 'SNAPSHOT_NEWER';

/**
 * A worker's patience with flows a later kyc-flow saved. During a rolling deploy a worker of
 * that version takes them up: this one hands each job back for a minute at a time, leaving
 * the flow as it is. Past `waitMs` since it first did so (a downgrade, no newer worker
 * left), the job fails for good, `SNAPSHOT_NEWER`, rather than going round for ever.
 */
export function createNewerBuildWait(waitMs: number) {
  const since = new Map<string, number>();
  return {
    /** When to offer the job again, or `undefined` once it has waited `waitMs`. */
    wakeAt(jobId: string, now = Date.now()): number | undefined {
      const first = since.get(jobId);
      if (first === undefined) {
        const oldest = since.keys().next();
        if (since.size >= MAX_REMEMBERED && !oldest.done) since.delete(oldest.value);
        since.set(jobId, now);
      } else if (now - first >= waitMs) {
        since.delete(jobId);
        return undefined;
      }
      return now + Math.min(NEWER_BUILD_RETRY_MS, waitMs);
    },
  };
}

export type NewerBuildWait = ReturnType<typeof createNewerBuildWait>;
