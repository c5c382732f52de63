/**
 * The status reads of one execution in one flow: when the last one ended, and the one in
 * flight, if any. Kept per flow (its actor system), so that the polling floor holds across
 * every state that reads the status (the watch beside a waiting node, the poll after a
 * submission, the resume after a suspension). In memory: the persisted `timing.lastPollAt`
 * covers a restore.
 */
export interface StatusReads {
  /** Epoch ms the last read left or, once it ended, ended. */
  last?: number;
  /** Settles when the read in flight ends, answered or not. */
  pending?: Promise<void>;
}

const flows = new WeakMap<object, Map<string, StatusReads>>();

export function statusReadsOf(system: object, executionId: string): StatusReads {
  let executions = flows.get(system);
  if (!executions) {
    executions = new Map();
    flows.set(system, executions);
  }
  let reads = executions.get(executionId);
  if (!reads) {
    reads = {};
    executions.set(executionId, reads);
  }
  return reads;
}
