import { fromPromise } from 'xstate';
import type { GatewayClient } from '../../services/types.js';
import type { ExecutionState } from '../../services/wire/records.js';
import { type Sleep, sleepUntil } from './sleep.js';

export interface PollExecutionInput {
  readonly executionId: string;
  /**
   * Epoch ms before which the status is not read. The wait lives here, not in an `after`
   * transition, so that a restored in-flight poll waits out the rest and polls again.
   */
  readonly notBefore: number;
}

/** Waits until `notBefore`, then reads `workflow.execution.status`. */
export const createPollExecution = (client: GatewayClient, sleep: Sleep = sleepUntil) =>
  fromPromise<ExecutionState, PollExecutionInput>(async ({ input, signal }) => {
    await sleep(input.notBefore, signal);
    return client.getExecution({ executionId: input.executionId }, { signal });
  });
