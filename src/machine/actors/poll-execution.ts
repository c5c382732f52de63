import type { GatewayClient } from '../../services/types.js';
import { trackedExecution } from '../../services/wire/fallbacks.js';
import type { ExecutionState } from '../../services/wire/records.js';
import { type CallScope, fromCall } from './call-logic.js';
import type { Sleep } from './sleep.js';
import { lastStatusRead, noteStatusRead } from './status-reads.js';

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

/** Waits until `notBefore` and the floor after this flow's last read, as often as woken early. */
async function waitForTurn(input: PollExecutionInput, scope: CallScope): Promise<void> {
  await scope.sleep(input.notBefore);
  const floor = input.floorMs ?? 0;
  for (;;) {
    const last = lastStatusRead(scope.system, input.executionId);
    const due = last === undefined ? 0 : last + floor;
    if (Date.now() >= due) return;
    await scope.sleep(due);
  }
}

/**
 * Waits its turn, then reads `workflow.execution.status`, completed by the reader's
 * fallbacks. The floor spaces the flow's reads; a read that fails for a passing reason is
 * retried by the client's own retry policy (its back-off), as every call is.
 */
export const createPollExecution = (client: GatewayClient, sleep?: Sleep) =>
  fromCall<ExecutionState, PollExecutionInput>(async (input, scope) => {
    await waitForTurn(input, scope);
    const { system, signal } = scope;
    noteStatusRead(system, input.executionId, Date.now());
    try {
      const answer = await client.getExecution({ executionId: input.executionId }, { signal });
      return trackedExecution(answer, input.executionId, input.answered ?? []);
    } finally {
      // Counted from the end as well: the gateway may have taken the read at any time until then.
      noteStatusRead(system, input.executionId, Date.now());
    }
  }, sleep);
