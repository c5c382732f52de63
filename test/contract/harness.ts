import { createHmac } from 'node:crypto';
import { afterEach } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import {
  type CurrentNode,
  createGatewayClient,
  type ExecutionState,
  type GatewayClient,
  type GatewayClientOptions,
  isTerminalStatus,
  NODE_TYPES,
  trackedExecution,
} from '../../src/services/index.js';
import { manualClock } from '../sandbox/harness.js';

/** Every sandbox duration divided by this: OCR 25–75 ms, screening 5–15 ms. */
export const SPEED = 200;

/** The sandboxes' clock: it moves only when a poll loop below waits, a second at a time. */
const clock = manualClock();
const wait = async () => clock.tick(1_000);

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
});

export const openSandbox = async (options: SandboxOptions = {}): Promise<Sandbox> => {
  const sandbox = await startSandbox({ speed: SPEED, seed: 7, now: clock.now, ...options });
  open.push(sandbox);
  return sandbox;
};

export interface Captured {
  readonly api: string | null;
  readonly sign: string | null;
  readonly body: string;
}

/** A client of the sandbox whose fetch records what went over the wire. */
export const clientOf = (sandbox: Sandbox, overrides: Partial<GatewayClientOptions> = {}) => {
  const captured: Captured[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const isJson = request.headers.get('content-type') === 'application/json';
    captured.push({
      api: url.searchParams.get('api'),
      sign: url.searchParams.get('sign'),
      body: isJson ? await request.clone().text() : '',
    });
    return globalThis.fetch(request);
  };
  const client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    ...sandbox.credentials,
    fetch,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 20 },
    timeoutMs: 10_000,
    ...overrides,
  });
  return { client, captured };
};

/** A request made by hand, as an integrator following only the guide would. */
export const rawCall = async (
  sandbox: Sandbox,
  api: string,
  body: string,
  override: { sign?: string; apiKey?: string; domainId?: string } = {},
): Promise<{ apiCode: number; apiMsg?: string; data: unknown }> => {
  const { apiKey, apiSecret, domainId } = sandbox.credentials;
  const url = new URL(sandbox.gatewayUrl);
  url.searchParams.set('api', api);
  url.searchParams.set('apiVersion', '1.0.0');
  url.searchParams.set('apiKey', override.apiKey ?? apiKey);
  url.searchParams.set(
    'sign',
    override.sign ?? createHmac('sha256', apiSecret).update(body, 'utf8').digest('hex'),
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-domain': override.domainId ?? domainId },
    body,
  });
  return response.json();
};

/** Polls until the execution waits on a node other than `after`, or ends. */
export const nextStop = async (
  client: GatewayClient,
  executionId: string,
  after?: string,
): Promise<ExecutionState> => {
  const deadline = Date.now() + 20_000;
  let state: ExecutionState | undefined;
  while (Date.now() < deadline) {
    // Completed as the flow completes it (the sandbox always names the callbackKey).
    state = trackedExecution(await client.getExecution({ executionId }), executionId, []);
    if (isTerminalStatus(state.status)) return state;
    if (
      state.status === 'WAITING' &&
      state.currentNode &&
      state.currentNode.callbackKey !== after
    ) {
      return state;
    }
    await wait();
  }
  throw new Error(`execution ${executionId} did not move on from ${JSON.stringify(state)}`);
};

export const REFERENCE_ID = 'onboarding-uuid-001';
export const PERSON = {
  name: 'John Smith',
  dateOfBirth: '1990-01-15',
  nationality: 'SG',
  sex: 'MALE',
  countryOfResidence: 'SG',
  address: '123 Main St',
} as const;

export const refOf = (executionId: string, node: CurrentNode) => ({
  executionId,
  callbackKey: node.callbackKey,
  referenceId: REFERENCE_ID,
});

const file = (name: string) => new Blob([`fake ${name}`], { type: 'image/jpeg' });

export const upload = async (client: GatewayClient, executionId: string, filename: string) =>
  (await client.upload({ file: file(filename), filename, executionId })).url;

/** Answers one waiting node the way a host with the customer's data would. */
export const answerNode = async (
  client: GatewayClient,
  executionId: string,
  node: CurrentNode,
  email: string,
): Promise<void> => {
  const ref = refOf(executionId, node);
  switch (node.nodeType) {
    case NODE_TYPES.identityDocument: {
      await client.submitIdentityDocument({
        ...ref,
        provider: 'WIDTH',
        frontImage: await upload(client, executionId, 'front.jpg'),
        backImage: await upload(client, executionId, 'back.jpg'),
        documentType: 'INTERNATIONAL_PASSPORT',
        region: node.config?.region ?? 'SG',
      });
      for (;;) {
        const ocr = await client.getOcrResult({ executionId, callbackKey: node.callbackKey });
        if (ocr.status !== 'PROCESSING') {
          if (ocr.status !== 'SUCCESS') throw new Error(`OCR ended ${ocr.status}`);
          return;
        }
        await wait();
      }
    }
    case NODE_TYPES.particulars:
      await client.submitParticulars({ ...ref, personData: PERSON });
      return;
    case NODE_TYPES.liveness:
      await client.submitLiveness({
        ...ref,
        provider: 'SELF',
        status: 'PASS',
        scores: { qualityScore: 1, brightnessScore: 100, brightnessStatus: 'normal' },
        images: { faceFull: await upload(client, executionId, 'selfie.jpg') },
      });
      return;
    case NODE_TYPES.emailOtp:
    case NODE_TYPES.phoneOtp: {
      const type = node.nodeType === NODE_TYPES.emailOtp ? 'email' : 'phone';
      const identity = node.config?.identity ?? (type === 'email' ? email : '+6591234567');
      const { requestId } = await client.sendOtp({ ...ref, type, identity });
      const verdict = await client.verifyOtp({ ...ref, type, identity, code: '123456', requestId });
      if (!verdict.verified) throw new Error('OTP not verified');
      return;
    }
    case NODE_TYPES.requiredDocuments: {
      for (const { docType, isRequired } of node.config?.requiredDocuments ?? []) {
        const filename = `${docType.toLowerCase()}.pdf`;
        const url = await upload(client, executionId, filename);
        await client.addRequiredDocument({
          ...ref,
          docType,
          isRequired,
          doc: { front: { url, filename, content_type: 'application/pdf', size: 85618 } },
          extraData: { issueDate: '2026-03-01' },
        });
      }
      await client.submitRequiredDocuments(ref);
      return;
    }
    case NODE_TYPES.requiredForms:
      for (const formId of node.config?.formIds ?? []) {
        await client.submitRequiredForm({
          ...ref,
          formId,
          formData: { field_source_of_funds: 'EMPLOYMENT', field_annual_income: '50000-100000' },
        });
      }
      return;
    default:
      throw new Error(`no answer for node ${node.nodeType}`);
  }
};

/** Registers, starts and answers every node until the execution ends or stops on review. */
export const onboard = async (client: GatewayClient, customerId: string, email: string) => {
  await client.register({ customerId, email });
  const { executionId } = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'API',
    data: { customerId, referenceId: REFERENCE_ID },
  });
  const visited: string[] = [];
  let state = await nextStop(client, executionId);
  while (state.status === 'WAITING' && state.currentNode) {
    const node = state.currentNode;
    if (node.nodeType === NODE_TYPES.manualReview) break;
    visited.push(node.nodeType);
    await answerNode(client, executionId, node, email);
    state = await nextStop(client, executionId, node.callbackKey);
  }
  return { executionId, state, visited };
};
