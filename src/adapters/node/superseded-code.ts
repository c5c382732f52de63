import type { FlowView } from '../../machine/index.js';
import { GATEWAY_CODES } from '../../services/wire/vocabulary.js';

/**
 * The gateway refused a verify for the requestId the flow holds, not for its code: a code
 * went out after the one the flow heard of (a send's attempt the client gave up on, applied
 * by the gateway later, past the cooldown: a resend), so the flow's requestId no longer
 * verifies. No answer is at fault: a send gets the latest requestId (within its cooldown the
 * gateway repeats it, no new message), and the code is verified under it.
 *
 * Our assumption, in this one place: the refusal is API_INVALID_REQUEST naming `requestId`
 * (the sandbox's `requestId: superseded by a resend; use the latest one`, or `requestId: no
 * code was sent under it`). A code refused for its form names `code`, and stays the answer's.
 */
export const codeSuperseded = (error: FlowView['error']): boolean =>
  error?.apiCode === GATEWAY_CODES.API_INVALID_REQUEST && /\brequestId\b/u.test(error.message);
