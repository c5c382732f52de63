import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import type { ExecutionWire, Wait } from './guide-flow.js';
import { type RawClient, rawClient } from './raw-client.js';

/** Longer than any single sandbox duration at speed 1 (OCR tops out at 15 s). */
export const LONG = 60_000;

export interface ManualClock {
  now(): number;
  tick(ms?: number): void;
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let time = start;
  return {
    now: () => time,
    tick: (ms = LONG) => {
      time += ms;
    },
  };
}

export interface Harness {
  readonly sandbox: Sandbox;
  readonly clock: ManualClock;
  readonly client: RawClient;
  /** For the guide-flow drivers: each poll moves the clock on a second. */
  readonly wait: Wait;
  status(executionId: string): Promise<ExecutionWire>;
  /** Registers and starts; the executionId. */
  begin(customerId: string, options?: { email?: string; referenceId?: string }): Promise<string>;
  /** Moves the clock past every running phase; the state it settles in. */
  settle(executionId: string): Promise<ExecutionWire>;
}

/** A sandbox on loopback whose clock only moves when the test says so. */
export async function harness(options: SandboxOptions = {}): Promise<Harness> {
  const clock = manualClock();
  const sandbox = await startSandbox({ seed: 1, now: clock.now, ...options });
  const client = rawClient(sandbox.gatewayUrl, sandbox.credentials);
  const status = (executionId: string) =>
    client.data<ExecutionWire>('workflow.execution.status', { executionId });
  return {
    sandbox,
    clock,
    client,
    wait: async () => clock.tick(1_000),
    status,
    async begin(customerId, { email, referenceId = 'ref-1' } = {}) {
      await client.data('workflow.applicant.register', { customerId, ...(email ? { email } : {}) });
      const started = await client.data<{ executionId: string }>('workflow.apply.submit', {
        eventType: 'KYC_EVENT',
        source: 'API',
        data: { customerId, referenceId },
      });
      return started.executionId;
    },
    async settle(executionId) {
      clock.tick();
      return status(executionId);
    },
  };
}

/** The three fields every node submission carries. */
export const refOf = (state: ExecutionWire, referenceId = 'ref-1') => {
  if (!state.currentNode) throw new Error(`no current node (status ${state.status})`);
  return {
    executionId: state.executionId,
    callbackKey: state.currentNode.callbackKey,
    referenceId,
  };
};

type Ref = ReturnType<typeof refOf>;

/** The guide's example bodies, JSON string fields as strings. */
export const bodies = {
  ocr: (ref: Ref, documentType = 'INTERNATIONAL_PASSPORT') => ({
    provider: 'WIDTH',
    frontImage: 's3://workflow-kyc/x/front.jpg',
    documentType,
    region: 'SG',
    ...ref,
  }),
  particulars: (ref: Ref) => ({
    ...ref,
    personData: '{"name":"John Smith","dateOfBirth":"1990-01-15","nationality":"SG"}',
  }),
  liveness: (ref: Ref, status: 'PASS' | 'FAIL' = 'PASS') => ({
    provider: 'SELF',
    status,
    scores: '{"qualityScore":1.0}',
    images: '{"faceFull":"s3://workflow-kyc/x/selfie.jpg"}',
    ...ref,
  }),
  otpSend: (ref: Ref, type: 'email' | 'phone' = 'email', identity = 'john@example.com') => ({
    type,
    identity,
    ...ref,
  }),
  otpVerify: (ref: Ref, requestId: string, code = '123456', type: 'email' | 'phone' = 'email') => ({
    type,
    identity: type === 'email' ? 'john@example.com' : '+6591234567',
    code,
    requestId,
    ...ref,
  }),
  doc: (ref: Ref, docType = 'UTILITY_TELEPHONE_BILL', isRequired = true) => ({
    doc: '{"front":{"url":"s3://workflow-kyc/x/bill.pdf"}}',
    isRequired,
    docType,
    ...ref,
  }),
  form: (ref: Ref, formId = 'IndividualForm') => ({
    formId,
    formData: '{"field_source_of_funds":"EMPLOYMENT"}',
    ...ref,
  }),
};
