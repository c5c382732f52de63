import type { ClientParts } from '../../services/compose-client.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { Gate } from './gate.js';

/** The reads the flow repeats by itself; submissions are the user's and always go. */
const POLLS = new Set<MethodName>(['workflow.execution.status', 'workflow.kyc.ocr.data']);

/** A client's `before` part: polls wait for the gate, so nothing is read while the page is hidden or offline. */
export const gatePolls =
  (gate: Gate): NonNullable<ClientParts['before']> =>
  async (method, signal) => {
    if (POLLS.has(method)) await gate.whenOpen(signal);
  };
