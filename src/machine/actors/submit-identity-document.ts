import type { GatewayClient } from '../../services/types.js';
import type { IdentityDocumentInput } from '../types.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface SubmitIdentityDocumentInput extends NodeRefInput {
  readonly document: IdentityDocumentInput;
}
export interface SubmitIdentityDocumentOutput {
  readonly requestId: string;
}

/** The vendor's own OCR provider unless the host names another. */
export const DEFAULT_OCR_PROVIDER = 'WIDTH';

/** `workflow.kyc.ocr`: hands the document images over for OCR. */
export const createSubmitIdentityDocument = (client: GatewayClient) =>
  fromCall<SubmitIdentityDocumentOutput, SubmitIdentityDocumentInput>(async (input, { signal }) => {
    const { document } = input;
    const { requestId } = await client.submitIdentityDocument(
      {
        ...nodeRefOf(input),
        provider: document.provider ?? DEFAULT_OCR_PROVIDER,
        frontImage: document.frontImage,
        ...(document.backImage === undefined ? {} : { backImage: document.backImage }),
        documentType: document.documentType,
        region: document.region,
      },
      { signal },
    );
    return { requestId };
  });
