import type { GatewayClient } from '../../services/types.js';
import { createAddDocument } from './add-document.js';
import { createPollExecution } from './poll-execution.js';
import { createPollOcr } from './poll-ocr.js';
import { createRegisterCustomer } from './register-customer.js';
import { createSendOtp } from './send-otp.js';
import type { Sleep } from './sleep.js';
import { createStartWorkflow } from './start-workflow.js';
import { createSubmitDocuments } from './submit-documents.js';
import { createSubmitForms } from './submit-forms.js';
import { createSubmitIdentityDocument } from './submit-identity-document.js';
import { createSubmitLiveness } from './submit-liveness.js';
import { createSubmitParticulars } from './submit-particulars.js';
import { createVerifyOtp } from './verify-otp.js';
import { createWait } from './wait.js';

/**
 * Every actor the chart invokes, by the name it invokes it with, over one client; `sleep`
 * is how the waiting ones (polls, OCR reads, back-off) wait: a host's own (a browser's
 * wakeable one), else a timer that the actor's stop clears.
 */
export function createFlowActors(client: GatewayClient, sleep?: Sleep) {
  return {
    registerCustomer: createRegisterCustomer(client),
    startWorkflow: createStartWorkflow(client),
    pollExecution: createPollExecution(client, sleep),
    pollOcr: createPollOcr(client, sleep),
    submitIdentityDocument: createSubmitIdentityDocument(client),
    submitParticulars: createSubmitParticulars(client),
    submitLiveness: createSubmitLiveness(client),
    sendOtp: createSendOtp(client),
    verifyOtp: createVerifyOtp(client),
    addDocument: createAddDocument(client),
    submitDocuments: createSubmitDocuments(client),
    submitForms: createSubmitForms(client),
    wait: createWait(sleep),
  };
}
export type FlowActors = ReturnType<typeof createFlowActors>;

const notProvided = () =>
  Promise.reject(new Error('kyc-flow: no gateway client (see createKycFlow)'));

/**
 * Stands in until `provide` swaps in real actors, so the bare chart fails loudly, not
 * silently: every method rejects.
 */
export const detachedClient = new Proxy({}, { get: () => notProvided }) as GatewayClient;

export type * from './add-document.js';
export type { Call, CallScope } from './call-logic.js';
export type * from './node-ref.js';
export type * from './poll-execution.js';
export type * from './poll-ocr.js';
export type * from './register-customer.js';
export type * from './send-otp.js';
export type { Sleep } from './sleep.js';
export type * from './start-workflow.js';
export type * from './submit-forms.js';
export type * from './submit-identity-document.js';
export type * from './submit-liveness.js';
export type * from './submit-particulars.js';
export type * from './verify-otp.js';
export type * from './wait.js';
