/**
 * When each execution's status was last asked for, per flow (its actor system): the
 * polling floor holds across every state that reads the status (the watch beside a waiting
 * node, the poll after a submission, the resume after a suspension), reads that never got
 * an answer included. Kept in memory: the persisted `timing.lastPollAt` covers a restore.
 */
const lastReads = new WeakMap<object, Map<string, number>>();

/** Epoch ms of the last status read of `executionId` in this flow, if any. */
export const lastStatusRead = (system: object, executionId: string): number | undefined =>
  lastReads.get(system)?.get(executionId);

export function noteStatusRead(system: object, executionId: string, at: number): void {
  let reads = lastReads.get(system);
  if (!reads) {
    reads = new Map();
    lastReads.set(system, reads);
  }
  reads.set(executionId, at);
}
