import { KycFlowError } from '../../services/errors/kyc-flow-error.js';
import type { GatewayClient } from '../../services/types.js';
import { trackedExecution } from '../../services/wire/fallbacks.js';
import type { ExecutionAnswer, ExecutionState } from '../../services/wire/records.js';
import { retryAfterOf } from '../flow-error.js';
import { type CallScope, fromCall } from './call-logic.js';
import type { Sleep } from './sleep.js';
import { type StatusReads, statusReadsOf } from './status-reads.js';

export interface PollExecutionInput {
  readonly executionId: string;
  /**
   * Epoch ms before which the status is not read. The wait lives here, not in an `after`
   * transition, so that a restored in-flight poll waits out the rest and polls again.
   */
  readonly notBefore: number;
  /** No two status reads of the execution in this flow closer than this (ms, scaled). */
  readonly floorMs?: number;
  /** callbackKeys the flow answered: a node sent without one gets one from these. */
  readonly answered?: readonly string[];
}

/**
 * Waits until `notBefore`, for the read in flight to end, and for the floor after it; as
 * often as woken early. A stopped actor's sleep never ends, so nothing is read after a stop.
 */
async function waitForTurn(reads: StatusReads, input: PollExecutionInput, scope: CallScope) {
  await scope.sleep(input.notBefore);
  for (;;) {
    if (reads.pending) await reads.pending;
    const due = reads.last === undefined ? 0 : reads.last + (input.floorMs ?? 0);
    await scope.sleep(due);
    if (!reads.pending && Date.now() >= due) return;
  }
}

/**
 * One read, noted when it leaves and when it ends. It is not aborted when the state that
 * asked moves on: the gateway may take it at any time until it ends, so the next read waits
 * for that, not for the stop.
 */
function read(client: GatewayClient, reads: StatusReads, executionId: string) {
  reads.last = Date.now();
  // One attempt: the client's own retries would come within the floor (its back-off starts
  // at a quarter second); a read that fails is tried again in turn (`createPollExecution`).
  const answer: Promise<ExecutionAnswer> = client.getExecution(
    { executionId },
    { retry: { limit: 0 } },
  );
  const ended: Promise<void> = answer.then(done, done).then(() => {
    reads.last = Date.now();
    if (reads.pending === ended) reads.pending = undefined;
  });
  reads.pending = ended;
  return answer;
}

const done = () => undefined;

/**
 * Waits its turn, then reads `workflow.execution.status`, completed by the reader's
 * fallbacks. The floor spaces the flow's reads, a failed one's repeat included: a read that
 * fails for a passing reason is not retried by the client (whose back-off knows no floor),
 * but once here in turn, and then by the chart (`suspended`, a watch's next look).
 */
export const createPollExecution = (client: GatewayClient, sleep?: Sleep) =>
  fromCall<ExecutionState, PollExecutionInput>(async (input, scope) => {
    const reads = statusReadsOf(scope.system, input.executionId);
    const readInTurn = async () => {
      await waitForTurn(reads, input, scope);
      return read(client, reads, input.executionId);
    };
    // One passing failure is read again in turn before the chart hears of it: a blip is no
    // pause to show a customer. One that names its wait (`Retry-After`) is the chart's.
    const answer = await readInTurn().catch((error: unknown) => {
      if (!(error instanceof KycFlowError && error.retryable) || retryAfterOf(error) !== undefined)
        throw error;
      return readInTurn();
    });
    return trackedExecution(answer, input.executionId, input.answered ?? []);
  }, sleep);
