import type { GatewayClient } from '../../services/types.js';
import type { ReadStatus } from '../../services/wire/fallbacks.js';
import { fromCall } from './call-logic.js';

export interface StartWorkflowInput {
  readonly customerId: string;
  readonly referenceId: string;
}
export interface StartWorkflowOutput {
  readonly executionId: string;
  readonly status: ReadStatus;
}

/** `workflow.apply.submit` with the integrator's `referenceId`. */
export const createStartWorkflow = (client: GatewayClient) =>
  fromCall<StartWorkflowOutput, StartWorkflowInput>(async (input, { signal }) => {
    const { executionId, status } = await client.startWorkflow(
      {
        eventType: 'KYC_EVENT',
        source: 'API',
        data: { customerId: input.customerId, referenceId: input.referenceId },
      },
      { signal },
    );
    return { executionId, status };
  });
