import type { GatewayClient } from '../../services/types.js';
import type { MethodOutput } from '../../services/wire/methods.js';
import type { IdentityDocumentInput } from '../types.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface SubmitIdentityDocumentInput extends NodeRefInput {
  readonly document: IdentityDocumentInput;
}
/** The gateway's answer, unread: the OCR is read by executionId and callbackKey. */
export type SubmitIdentityDocumentOutput = MethodOutput<'workflow.kyc.ocr'>;

/** The vendor's own OCR provider unless the host names another. */
export const DEFAULT_OCR_PROVIDER = 'WIDTH';

/** `workflow.kyc.ocr`: hands the document images over for OCR. */
export const createSubmitIdentityDocument = (client: GatewayClient) =>
  fromCall<SubmitIdentityDocumentOutput, SubmitIdentityDocumentInput>(async (input, { signal }) => {
    const { document } = input;
    return client.submitIdentityDocument(
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
  });
