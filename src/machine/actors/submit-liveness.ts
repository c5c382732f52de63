import type { GatewayClient } from '../../services/types.js';
import type { LivenessInput } from '../types.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface SubmitLivenessInput extends NodeRefInput {
  readonly liveness: LivenessInput;
}

/** The liveness check ran on the host's side unless it names a provider. */
export const DEFAULT_LIVENESS_PROVIDER = 'SELF';

/** `workflow.kyc.liveness.data`. */
export const createSubmitLiveness = (client: GatewayClient) =>
  fromCall<void, SubmitLivenessInput>(async (input, { signal }) => {
    const { liveness } = input;
    await client.submitLiveness(
      {
        ...nodeRefOf(input),
        provider: liveness.provider ?? DEFAULT_LIVENESS_PROVIDER,
        status: liveness.status,
        scores: liveness.scores,
        images: liveness.images,
      },
      { signal },
    );
  });
