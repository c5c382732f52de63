import type { GatewayClient } from '../../services/types.js';
import type { PersonData } from '../../services/wire/records.js';
import { fromCall } from './call-logic.js';
import type { NodeRefInput } from './node-ref.js';

export interface SubmitParticularsInput extends NodeRefInput {
  readonly personData: PersonData;
}

/** `workflow.kyc.particular.data`; the client JSON-encodes `personData`. */
export const createSubmitParticulars = (client: GatewayClient) =>
  fromCall<void, SubmitParticularsInput>(async (input, { signal }) => {
    await client.submitParticulars(
      {
        executionId: input.executionId,
        callbackKey: input.callbackKey,
        referenceId: input.referenceId,
        personData: input.personData,
      },
      { signal },
    );
  });
