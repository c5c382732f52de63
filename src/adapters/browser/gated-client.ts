import type { GatewayClient } from '../../services/types.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { Gate } from './gate.js';

/** The reads the flow repeats by itself; submissions are the user's and always go. */
const POLLS = new Set<MethodName>(['workflow.execution.status', 'workflow.kyc.ocr.data']);

/** A client whose polls wait for the gate: nothing is read while the page is hidden or offline. */
export const gatedClient = (client: GatewayClient, gate: Gate): GatewayClient => ({
  ...client,
  call: async (method, input, options) => {
    if (POLLS.has(method)) await gate.whenOpen(options?.signal);
    return client.call(method, input, options);
  },
  getExecution: async (input, options) => {
    await gate.whenOpen(options?.signal);
    return client.getExecution(input, options);
  },
  getOcrResult: async (input, options) => {
    await gate.whenOpen(options?.signal);
    return client.getOcrResult(input, options);
  },
});
