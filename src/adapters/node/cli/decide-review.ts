import type { Sandbox } from '../../../sandbox/index.js';
import type { HeadlessEvent } from '../run-events.js';
import type { Reporter } from './reporter.js';

/**
 * `--decide`: decides the review in the embedded sandbox as soon as the flow waits for it,
 * within the same run (nothing is saved and resumed for it).
 */
export function decider(
  sandbox: Sandbox,
  decision: 'APPROVED' | 'REJECTED',
  reporter: Reporter,
  controller: AbortController,
) {
  let decided = false;
  return (event: HeadlessEvent) => {
    if (decided || event.type !== 'state' || event.step !== 'pendingReview') return;
    if (event.executionId === undefined) return;
    decided = true;
    reporter.note(`deciding the review in the sandbox: ${decision}`);
    try {
      sandbox.admin.decideReview(event.executionId, decision);
    } catch (error) {
      // Waiting for a decision that will never come would never end.
      controller.abort(new Error(`--decide: ${(error as Error).message}`));
    }
  };
}
