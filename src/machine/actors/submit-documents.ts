import type { GatewayClient } from '../../services/types.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

/** `workflow.kyc.required.doc.submit`: the node advances once every required document is in. */
export const createSubmitDocuments = (client: GatewayClient) =>
  fromCall<void, NodeRefInput>(async (input, { signal }) => {
    await client.submitRequiredDocuments(
      {
        ...nodeRefOf(input),
      },
      { signal },
    );
  });
