import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { CONTRACT_READS } from '../../src/machine/guards.js';
import { mulberry32 } from '../../src/sandbox/random.js';
import { ValidationError } from '../../src/services/errors/validation-error.js';
import { METHOD_FUNCTIONS, type MethodFunctionName } from '../../src/services/method-functions.js';
import type { GatewayClient } from '../../src/services/types.js';
import type { MethodName } from '../../src/services/wire/methods.js';
import { answerAll } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

/** An answer nobody can read (a body cut short): nothing says the gateway took the call. */
const garbled = (method: MethodName) =>
  new ValidationError(
    method,
    'response',
    [{ field: '', message: 'expected a JSON envelope' }],
    true,
  );

/** `client` with the calls `garble` picks answered garbled, before the gateway sees them. */
function garbling(client: GatewayClient, garble: (method: MethodName) => boolean): GatewayClient {
  const wrapped: Partial<Record<MethodFunctionName, unknown>> = {};
  for (const [name, method] of Object.entries(METHOD_FUNCTIONS) as Array<
    [MethodFunctionName, MethodName]
  >) {
    const original = client[name] as (input: unknown, options?: unknown) => Promise<unknown>;
    wrapped[name] = (input: unknown, options?: unknown) =>
      garble(method) ? Promise.reject(garbled(method)) : original(input, options);
  }
  return { ...client, ...wrapped } as GatewayClient;
}

const NODES = [
  'identityDocument',
  'particulars',
  'liveness',
  'emailOtp',
  'requiredDocuments',
  'requiredForms',
] as const;

describe('answers nobody can read (CONTRACT_READS)', () => {
  it('spread over a whole flow never add up: a third of the calls garbled, the flow still completes', async () => {
    const fake = createFakeGateway({ nodes: NODES });
    // Up to a third of the calls, drawn (seeded), never two in a row, nor one method's twice in a
    // row (a resend of a submission garbled before: those do add up, see below). A fixed
    // period would take turns with a loop of the flow's own (a resend and the status read
    // before it), the same call garbled every time.
    const draw = mulberry32(7);
    let last = false;
    const lastOf = new Map<MethodName, boolean>();
    let garbles = 0;
    const client = garbling(fake.client, (method) => {
      last = !last && !lastOf.get(method) && draw() < 0.5;
      lastOf.set(method, last);
      if (last) garbles += 1;
      return last;
    });
    const flow = createKycFlow({
      client,
      customer: { email: 'jane@example.com', referenceId: 'ref-spread' },
    });
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    // Each garbled answer was read again after a good one: none counts towards the next.
    expect(garbles).toBeGreaterThan(3 * CONTRACT_READS);
    expect(steps).not.toContain('needsAttention');
    expect(fake.registrations).toBe(1);
    expect(Object.values(fake.effects).every((count) => count === 1)).toBe(true);
  });

  it(`${CONTRACT_READS - 1} garbled status reads in a row are passing trouble`, async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    fake.failNext(
      'workflow.execution.status',
      garbled('workflow.execution.status'),
      CONTRACT_READS - 1,
    );
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-two' },
    });
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(steps).toContain('suspended');
    expect(steps).not.toContain('needsAttention');
  });

  it(`${CONTRACT_READS} in a row are a broken gateway: the flow stops for attention, RETRY carries on`, async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    fake.failNext(
      'workflow.execution.status',
      garbled('workflow.execution.status'),
      CONTRACT_READS,
    );
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-three' },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(flow.getView().error).toMatchObject({
      code: 'CONTRACT_BROKEN',
      method: 'workflow.execution.status',
    });
    expect(fake.calls['workflow.execution.status']).toBe(CONTRACT_READS);
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
  });
});

describe('a submission whose answers nobody can read', () => {
  it(`is sent ${CONTRACT_READS} times, good status reads between, then stops for attention; RETRY carries on once the gateway is mended`, async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    let broken = true;
    let garbledSends = 0;
    const client = garbling(fake.client, (method) => {
      const garble = broken && method === 'workflow.kyc.particular.data';
      if (garble) garbledSends += 1;
      return garble;
    });
    const flow = createKycFlow({
      client,
      customer: { email: 'jane@example.com', referenceId: 'ref-held' },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(flow.getView().error).toMatchObject({
      code: 'CONTRACT_BROKEN',
      method: 'workflow.kyc.particular.data',
    });
    expect(garbledSends).toBe(CONTRACT_READS);
    // The node was read waiting before each send: those good reads did not wipe the count.
    expect(fake.calls['workflow.execution.status']).toBeGreaterThanOrEqual(CONTRACT_READS);
    broken = false;
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(Object.values(fake.effects).every((count) => count === 1)).toBe(true);
  });
});

describe('an OCR result whose reads nobody can read', () => {
  const OCR_READ = 'workflow.kyc.ocr.data';

  it(`is read ${CONTRACT_READS} times, good status reads between, then stops for attention; RETRY carries on once the gateway is mended`, async () => {
    const fake = createFakeGateway({ nodes: ['identityDocument', 'particulars'] });
    let broken = true;
    let garbledReads = 0;
    const client = garbling(fake.client, (method) => {
      const garble = broken && method === OCR_READ;
      if (garble) garbledReads += 1;
      return garble;
    });
    const flow = createKycFlow({
      client,
      customer: { email: 'jane@example.com', referenceId: 'ref-ocr-garbled' },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(flow.getView().error).toMatchObject({ code: 'CONTRACT_BROKEN', method: OCR_READ });
    expect(garbledReads).toBe(CONTRACT_READS);
    // The execution was read between the OCR reads: those good reads did not wipe the count.
    expect(fake.calls['workflow.execution.status']).toBeGreaterThanOrEqual(CONTRACT_READS);
    broken = false;
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(Object.values(fake.effects).every((count) => count === 1)).toBe(true);
  });

  it(`starts its count over at each readable read: ${CONTRACT_READS - 1} garbled, one still running, and so on, completes`, async () => {
    // Each readable read answers "still running" (PROCESSING) until the result, the fifth.
    const fake = createFakeGateway({ nodes: ['identityDocument', 'particulars'], ocrReads: 4 });
    let reads = 0;
    const client = garbling(fake.client, (method) => {
      if (method !== OCR_READ) return false;
      reads += 1;
      return reads % CONTRACT_READS !== 0;
    });
    const flow = createKycFlow({
      client,
      customer: { email: 'jane@example.com', referenceId: 'ref-ocr-spread' },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(reads).toBe(5 * CONTRACT_READS);
  });
});
