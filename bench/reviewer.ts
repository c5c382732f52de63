import type { Sandbox } from '../src/sandbox/index.js';

const REVIEW_NODE = 'flow_action_manual_review';

/**
 * The operator of the sandbox's manual review: approves every execution exactly `afterMs`
 * after its review node became WAITING, whoever the client is, so both sides wait alike.
 */
export function startReviewer(sandbox: Pick<Sandbox, 'stats' | 'admin'>, afterMs: number) {
  const scheduled = new Map<string, ReturnType<typeof setTimeout>>();
  const scan = setInterval(() => {
    for (const execution of sandbox.stats().executions) {
      if (execution.nodeType !== REVIEW_NODE || execution.waitingSince === undefined) continue;
      if (execution.status !== 'WAITING' || scheduled.has(execution.executionId)) continue;
      const due = execution.waitingSince + afterMs - Date.now();
      scheduled.set(
        execution.executionId,
        setTimeout(() => sandbox.admin.decideReview(execution.executionId, 'APPROVED'), due),
      );
    }
  }, 2);
  return {
    stop() {
      clearInterval(scan);
      for (const timer of scheduled.values()) clearTimeout(timer);
    },
  };
}
