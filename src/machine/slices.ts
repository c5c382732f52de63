import type { DocumentType, OtpChannel } from '../services/wire/vocabulary.js';
import type { DocumentsState, FlowContext, OtpState } from './context.js';

// The per-node parts of the context: each belongs to one callbackKey, and a new node starts
// with a fresh one.

/** The OTP slice of the waiting node. */
export function otpSlice(context: FlowContext, channel: OtpChannel): OtpState {
  const key = context.node?.callbackKey ?? '';
  return context.otp && context.otp.callbackKey === key
    ? context.otp
    : { channel, callbackKey: key, sends: 0, verifications: 0 };
}

/** Where a code goes: the identity given, the node's, the customer's, the last one used. */
export function otpIdentity(
  context: FlowContext,
  channel: OtpChannel,
  given?: string,
): string | undefined {
  return (
    given ||
    context.node?.config?.identity ||
    (channel === 'email' ? context.customer.email : context.customer.phone) ||
    context.otp?.identity ||
    undefined
  );
}

/** The documents slice of the waiting node. */
export function documentsSlice(context: FlowContext): DocumentsState {
  const key = context.node?.callbackKey ?? '';
  return context.documents && context.documents.callbackKey === key
    ? context.documents
    : { callbackKey: key, added: [], pending: [], submitRequested: false };
}

/** The context once the head of the upload queue (`docType`) is in. */
export function withAdded(context: FlowContext, docType: DocumentType): FlowContext {
  const documents = documentsSlice(context);
  return {
    ...context,
    documents: {
      ...documents,
      added: documents.added.includes(docType) ? documents.added : [...documents.added, docType],
      pending: documents.pending.slice(1),
      submitRequested: documents.pending.length > 1 ? documents.submitRequested : false,
    },
  };
}

/** The context once these forms of the waiting node are in. */
export function withForms(context: FlowContext, submitted: readonly string[]): FlowContext {
  const key = context.node?.callbackKey ?? '';
  const previous = context.forms?.callbackKey === key ? context.forms.submitted : [];
  return {
    ...context,
    forms: { callbackKey: key, submitted: [...new Set([...previous, ...submitted])] },
  };
}
