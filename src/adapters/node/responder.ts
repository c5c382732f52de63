import {
  ANSWERABLE_KINDS,
  type AnswerableKind,
  type FlowView,
  type HostEvent,
} from '../../machine/index.js';
import type { CurrentNode } from '../../services/wire/records.js';

export { ANSWERABLE_KINDS, type AnswerableKind };

/** Whether a node kind waits for the host's data (screening and manual review do not). */
export const isAnswerableKind = (value: string): value is AnswerableKind =>
  (ANSWERABLE_KINDS as readonly string[]).includes(value);

/** A waiting node, as the responder is asked about it. */
export interface NodeRequest {
  readonly kind: AnswerableKind;
  /** The node with its config (accepted document types, required documents, form ids, OTP identity). */
  readonly node: CurrentNode;
  /** The flow as it stands: what was already sent for this node (OTP sends, documents added, OCR status). */
  readonly view: FlowView;
  readonly executionId: string;
  /** Aborted when the answer is no longer wanted (the run stops, the node moved on). */
  readonly signal: AbortSignal;
}

/**
 * Answers waiting nodes. An answer is what one call of `respond` returns: the host events
 * for the node, in the order they are to be sent (e.g. `SEND_OTP` then `VERIFY_OTP`; each
 * `ADD_DOCUMENT` then `SUBMIT_DOCUMENTS`), or none while the data is not there yet (a run
 * with `park` then lets the flow go until a later run asks again). Asked again when the
 * node needs more (a wrong code, a failed OCR): answer from what the view says was already
 * done. Throw `ResponderError` when the node cannot be answered.
 */
export interface Responder {
  respond(request: NodeRequest): Promise<readonly HostEvent[]> | readonly HostEvent[];
}
