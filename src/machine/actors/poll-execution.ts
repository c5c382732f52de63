import type { GatewayClient } from '../../services/types.js';
import type { ExecutionState } from '../../services/wire/records.js';
import { fromCall } from './call-logic.js';
import type { Sleep } from './sleep.js';

export interface PollExecutionInput {
  readonly executionId: string;
  /**
   * Epoch ms before which the status is not read. The wait lives here, not in an `after`
   * transition, so that a restored in-flight poll waits out the rest and polls again.
   */
  readonly notBefore: number;
}

/** Waits until `notBefore`, then reads `workflow.execution.status`. */
export const createPollExecution = (client: GatewayClient, sleep?: Sleep) =>
  fromCall<ExecutionState, PollExecutionInput>(async (input, scope) => {
    await scope.sleep(input.notBefore);
    return client.getExecution({ executionId: input.executionId }, { signal: scope.signal });
  }, sleep);
