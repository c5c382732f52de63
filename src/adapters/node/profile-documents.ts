import type { HostEvent } from '../../machine/index.js';
import type { DocumentFiles } from '../../services/wire/records.js';
import { expects, missing, type ProfileScope } from './profile-scope.js';
import type { NodeRequest } from './responder.js';
import { ResponderError } from './responder-error.js';

/** The identity document, front and back uploaded; or a RETAKE after a failed OCR. */
export async function identityDocumentEvents(
  { profile, file }: ProfileScope,
  request: NodeRequest,
): Promise<HostEvent[]> {
  // After a failed OCR the flow first wants a retake; the submission follows on the re-armed node.
  if (expects(request, 'RETAKE') && !expects(request, 'SUBMIT_IDENTITY_DOCUMENT')) {
    return [{ type: 'RETAKE' }];
  }
  const document = profile.identityDocument;
  if (document === undefined) throw missing(request, 'identityDocument');
  const accepted = request.node.config?.acceptedDocumentTypes;
  if (accepted !== undefined && !accepted.includes(document.documentType)) {
    throw new ResponderError(
      request.node.nodeType,
      'identityDocument.documentType',
      `${document.documentType} is not accepted here (accepted: ${accepted.join(', ')})`,
    );
  }
  const [front, back] = await Promise.all([
    file(document.front, request),
    document.back === undefined ? undefined : file(document.back, request),
  ]);
  const submitted: HostEvent = {
    type: 'SUBMIT_IDENTITY_DOCUMENT',
    document: {
      documentType: document.documentType,
      region: document.region,
      frontImage: front.url,
      ...(back && { backImage: back.url }),
      ...(document.provider && { provider: document.provider }),
    },
  };
  return [submitted];
}

type ProfileDocument = NonNullable<ProfileScope['profile']['documents']>[number];

/**
 * One ADD_DOCUMENT per document the node wants that is not added or on its way yet, then
 * SUBMIT_DOCUMENTS. A required document the profile lacks is named before anything is sent.
 */
export async function requiredDocumentEvents(
  scope: ProfileScope,
  request: NodeRequest,
): Promise<HostEvent[]> {
  const wanted = request.node.config?.requiredDocuments;
  const done = new Set([
    ...(request.view.documents?.added ?? []),
    ...(request.view.documents?.pending ?? []),
  ]);
  const documents = (scope.profile.documents ?? []).filter(
    (document) =>
      !done.has(document.docType) &&
      (wanted === undefined || wanted.some((entry) => entry.docType === document.docType)),
  );
  const lacking = (wanted ?? []).filter(
    (entry) =>
      entry.isRequired &&
      !done.has(entry.docType) &&
      !documents.some((document) => document.docType === entry.docType),
  );
  if (lacking.length > 0) {
    const names = lacking.map((entry) => entry.docType).join(', ');
    throw new ResponderError(request.node.nodeType, 'documents', `the profile has no ${names}`);
  }
  const added = await Promise.all(
    documents.map((document) => addDocument(scope, request, document)),
  );
  return [...added, { type: 'SUBMIT_DOCUMENTS' }];
}

/** ADD_DOCUMENT for one profile document, its files uploaded. */
async function addDocument(
  { file }: ProfileScope,
  request: NodeRequest,
  document: ProfileDocument,
): Promise<HostEvent> {
  const [front, back] = await Promise.all([
    file(document.file, request),
    document.back === undefined ? undefined : file(document.back, request),
  ]);
  const files: DocumentFiles = back ? { front, back } : { front };
  return {
    type: 'ADD_DOCUMENT',
    document: {
      docType: document.docType,
      files,
      ...(document.extraData && { extraData: document.extraData }),
    },
  };
}
