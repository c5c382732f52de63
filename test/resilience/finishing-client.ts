import type { GatewayClient, MethodName } from '../../src/services/index.js';

/**
 * A gateway that accepts every submission and, asked for the status, says the execution
 * is over: whatever state a restored flow is in, it has a way to its end. Counts calls.
 */
export function createFinishingClient(final: 'COMPLETED' | 'CANCELLED' = 'COMPLETED') {
  const calls: Partial<Record<MethodName | 'storage.upload', number>> = {};
  const count = (method: MethodName | 'storage.upload') => {
    calls[method] = (calls[method] ?? 0) + 1;
  };
  const answer =
    <T>(method: MethodName, output: T) =>
    async () => {
      count(method);
      return output;
    };
  const ack = { accepted: true };
  const client: GatewayClient = {
    call: () => Promise.reject(new Error('the finishing client has no generic call')),
    register: answer('workflow.applicant.register', { customerId: 'C_graph' }),
    startWorkflow: answer('workflow.apply.submit', {
      executionId: 'exec-graph',
      status: 'CREATED',
    }),
    getExecution: answer('workflow.execution.status', {
      executionId: 'exec-graph',
      status: final,
      ...(final === 'COMPLETED' ? { result: { decision: 'APPROVED' as const } } : {}),
    }),
    submitIdentityDocument: answer('workflow.kyc.ocr', { requestId: 'req-ocr' }),
    getOcrResult: answer('workflow.kyc.ocr.data', { status: 'SUCCESS' as const, result: {} }),
    submitParticulars: answer('workflow.kyc.particular.data', ack),
    submitLiveness: answer('workflow.kyc.liveness.data', ack),
    sendOtp: answer('workflow.kyc.otp.send', { requestId: 'req-otp-1', cooldownSeconds: 0 }),
    verifyOtp: answer('workflow.kyc.otp.verify', { verified: true }),
    addRequiredDocument: answer('workflow.kyc.required.doc', ack),
    submitRequiredDocuments: answer('workflow.kyc.required.doc.submit', ack),
    submitRequiredForm: answer('workflow.kyc.required.form', ack),
    upload: async () => {
      count('storage.upload');
      return { url: 's3://workflow-kyc/exec-graph/file' };
    },
  };
  return { client, calls };
}
