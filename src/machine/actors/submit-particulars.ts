import type { GatewayClient } from '../../services/types.js';
import type { PersonData } from '../../services/wire/records.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface SubmitParticularsInput extends NodeRefInput {
  readonly personData: PersonData;
}

/** `workflow.kyc.particular.data`; the client JSON-encodes `personData`. */
export const createSubmitParticulars = (client: GatewayClient) =>
  fromCall<void, SubmitParticularsInput>(async (input, { signal }) => {
    await client.submitParticulars(
      {
        ...nodeRefOf(input),
        personData: input.personData,
      },
      { signal },
    );
  });
