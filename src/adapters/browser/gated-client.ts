import type { GatewayClient } from '../../services/types.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { Gate } from './gate.js';

/** The reads the flow repeats by itself; submissions are the user's and always go. */
const POLLS = new Set<MethodName>(['workflow.execution.status', 'workflow.kyc.ocr.data']);

/**
 * A client built on its first call (a relative proxy URL needs the page's location, which
 * server rendering does not have), whose polls wait for the gate: nothing is read while
 * the page is hidden or offline.
 */
export const gatedClient = (create: () => GatewayClient, gate: Gate): GatewayClient => {
  let built: GatewayClient | undefined;
  const client = () => {
    built ??= create();
    return built;
  };
  return {
    call: async (method, input, options) => {
      if (POLLS.has(method)) await gate.whenOpen(options?.signal);
      return client().call(method, input, options);
    },
    register: (input, options) => client().register(input, options),
    startWorkflow: (input, options) => client().startWorkflow(input, options),
    getExecution: async (input, options) => {
      await gate.whenOpen(options?.signal);
      return client().getExecution(input, options);
    },
    submitIdentityDocument: (input, options) => client().submitIdentityDocument(input, options),
    getOcrResult: async (input, options) => {
      await gate.whenOpen(options?.signal);
      return client().getOcrResult(input, options);
    },
    submitParticulars: (input, options) => client().submitParticulars(input, options),
    submitLiveness: (input, options) => client().submitLiveness(input, options),
    sendOtp: (input, options) => client().sendOtp(input, options),
    verifyOtp: (input, options) => client().verifyOtp(input, options),
    addRequiredDocument: (input, options) => client().addRequiredDocument(input, options),
    submitRequiredDocuments: (input, options) => client().submitRequiredDocuments(input, options),
    submitRequiredForm: (input, options) => client().submitRequiredForm(input, options),
    upload: (input, options) => client().upload(input, options),
  };
};
