import type { GatewayClient } from '../../services/types.js';
import type { DocumentType } from '../../services/wire/vocabulary.js';
import type { RequiredDocumentInput } from '../types.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface AddDocumentInput extends NodeRefInput {
  readonly document: RequiredDocumentInput;
  readonly isRequired: boolean;
}
export interface AddDocumentOutput {
  readonly docType: DocumentType;
}

/** `workflow.kyc.required.doc`, once per document (idempotent per callbackKey and docType). */
export const createAddDocument = (client: GatewayClient) =>
  fromCall<AddDocumentOutput, AddDocumentInput>(async (input, { signal }) => {
    const { document } = input;
    await client.addRequiredDocument(
      {
        ...nodeRefOf(input),
        docType: document.docType,
        isRequired: input.isRequired,
        doc: document.files,
        ...(document.extraData === undefined ? {} : { extraData: document.extraData }),
      },
      { signal },
    );
    return { docType: document.docType };
  });
