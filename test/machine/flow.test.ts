import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { createPollOcr } from '../../src/machine/actors/poll-ocr.js';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { PersistedFlowError } from '../../src/machine/persist.js';
import type { FlowEmitted, HostEvent, PersistedFlow } from '../../src/machine/types.js';
import type { GatewayClient } from '../../src/services/types.js';
import { answerAll, record, SAMPLE } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway, type FakeGatewayOptions } from './fake-gateway.js';

const FULL: FakeGatewayOptions['nodes'] = [
  'identityDocument',
  'particulars',
  'liveness',
  'emailOtp',
  'phoneOtp',
  'requiredDocuments',
  'requiredForms',
  'screenCheck',
];
const customer = { email: 'jane@example.com', phone: '+6590000000', referenceId: 'ref-1' };
// The real pace: the clock is fake, so waits cost nothing.
const polling = {};

runOnFakeClock();

function setup(options: FakeGatewayOptions) {
  const fake = createFakeGateway(options);
  const flow = createKycFlow({ client: fake.client, customer, polling });
  const events = record(flow);
  return { fake, flow, events };
}

const types = (events: FlowEmitted[]) => events.map((event) => event.type);

describe('createKycFlow over a fake gateway', () => {
  it('walks every node of a full onboarding to APPROVED, each effect once', async () => {
    const { fake, flow, events } = setup({ nodes: FULL });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    const outcome = await settle(flow.whenDone());
    expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    expect(flow.getView()).toMatchObject({ state: 'completed', step: 'completed', done: true });
    const steps = events.flatMap((event) => (event.type === 'nodeWaiting' ? [event.step] : []));
    expect(steps).toEqual(FULL.filter((kind) => kind !== 'screenCheck'));
    expect(types(events)).toContain('ocrResult');
    expect(types(events).filter((type) => type === 'otpVerified')).toHaveLength(2);
    expect(types(events).at(-1)).toBe('outcome');
    expect(Math.max(...Object.values(fake.effects))).toBe(1);
    expect([fake.registrations, fake.starts]).toEqual([1, 1]);
  });

  it('stops reading an OCR that never finishes: the last read counts it as failed, for a retake', async () => {
    // The gateway's OCR stays PROCESSING for good.
    const { fake, flow, events } = setup({
      nodes: ['identityDocument', 'particulars'],
      ocrReads: 10_000,
    });
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().expects.includes('SUBMIT_IDENTITY_DOCUMENT'));
    flow.send(SAMPLE.identityDocument);
    await advanceUntil(() => flow.getView().state === 'tracking.identityDocument.ocrFailed');
    expect(fake.calls['workflow.kyc.ocr.data']).toBe(40);
    expect(flow.getView()).toMatchObject({
      expects: ['RETAKE'],
      ocr: { status: 'failed', reason: 'the OCR did not finish (PROCESSING)' },
    });
    expect(events.filter((event) => event.type === 'ocrFailed')).toEqual([
      { type: 'ocrFailed', reason: 'the OCR did not finish (PROCESSING)' },
    ]);
  });

  it("keeps a gateway's own OCR verdict at the last read: only an OCR not done is called unfinished", async () => {
    const answers = [
      { status: 'FAILED' },
      { status: 'SUCCESS', result: { name: 'x' } },
      { status: 'PROCESSING' },
      { status: 'QUEUED' },
      { status: `ERROR${'!'.repeat(100)}` },
    ] as const;
    const outcomes = [];
    for (const answer of answers) {
      const client = { getOcrResult: async () => answer } as unknown as GatewayClient;
      const actor = createActor(createPollOcr(client), {
        input: { executionId: 'e', callbackKey: 'k', notBefore: 0, last: true },
      }).start();
      outcomes.push(await settle(toPromise(actor)));
    }
    expect(outcomes).toEqual([
      { status: 'FAILED' },
      { status: 'SUCCESS', result: { name: 'x' } },
      { status: 'FAILED', reason: 'the OCR did not finish (PROCESSING)' },
      // The last status is named (cut short), so that a word the guide does not show shows.
      { status: 'FAILED', reason: 'the OCR did not finish (QUEUED)' },
      {
        status: 'FAILED',
        reason: `the OCR did not finish (ERROR${'!'.repeat(35)})`,
      },
    ]);
  });

  it('reports events that make no sense now instead of throwing', async () => {
    const { flow, events } = setup({ nodes: ['particulars'] });
    flow.start();
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    flow.send({ type: 'RETRY' });
    expect(events).toEqual([
      { type: 'eventIgnored', eventType: 'VERIFY_OTP', state: 'idle' },
      { type: 'eventIgnored', eventType: 'RETRY', state: 'idle' },
    ]);
    expect(flow.getView().state).toBe('idle');
    flow.send(null as unknown as HostEvent);
    flow.send({ type: 42 } as unknown as HostEvent);
    expect(events.slice(2)).toEqual([
      { type: 'eventIgnored', eventType: 'undefined', state: 'idle', reason: 'not an event' },
      { type: 'eventIgnored', eventType: '42', state: 'idle', reason: 'not an event' },
    ]);
  });

  it('keeps the same view object until something it shows changes', () => {
    const { flow } = setup({ nodes: ['particulars'] });
    flow.start();
    const first = flow.getView();
    expect(flow.getView()).toBe(first);
    flow.send({ type: 'CANCEL' });
    expect(flow.getView()).not.toBe(first);
    expect(flow.getView()).toMatchObject({ step: 'cancelled', done: true });
  });

  it('persists while verifying without the OTP code, and a restored flow asks for it again', async () => {
    const { fake, flow } = setup({ nodes: ['emailOtp', 'particulars'] });
    let persisted: ReturnType<typeof flow.persist> | undefined;
    flow.on('otpSent', () =>
      queueMicrotask(() => {
        flow.send({ type: 'VERIFY_OTP', code: '654321' });
        persisted = flow.persist();
        flow.stop();
      }),
    );
    flow.on('nodeWaiting', () => queueMicrotask(() => flow.send({ type: 'SEND_OTP' })));
    flow.start().send({ type: 'START' });
    await advanceUntil(() => persisted !== undefined);
    expect(JSON.stringify(persisted)).not.toContain('654321');
    expect(JSON.stringify(persisted)).toContain('verifying');

    const resumed = createKycFlow({ client: fake.client, customer, polling, snapshot: persisted });
    const events = record(resumed);
    resumed.start();
    await advanceUntil(() => resumed.getView().state === 'tracking.emailOtp.codeSent');
    expect(resumed.getView().error?.code).toBe('OTP_CODE_REQUIRED');
    expect(types(events)).toContain('error');
    answerAll(resumed);
    resumed.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(settle(resumed.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.starts).toBe(1);
  });

  it('refuses SUBMIT_DOCUMENTS while a required document is missing, and says which', async () => {
    const { flow, events } = setup({ nodes: ['requiredDocuments'] });
    flow.on('nodeWaiting', () =>
      queueMicrotask(() => {
        flow.send(SAMPLE.statement);
      }),
    );
    const off = flow.on('documentAdded', () => {
      off();
      queueMicrotask(() => flow.send({ type: 'SUBMIT_DOCUMENTS' }));
    });
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().error?.code === 'DOCUMENTS_MISSING');
    expect(flow.getView()).toMatchObject({
      state: 'tracking.requiredDocuments.collecting',
      documents: { added: ['BANK_STATEMENT'], missing: ['UTILITY_TELEPHONE_BILL'] },
    });
    flow.send(SAMPLE.bill);
    flow.send({ type: 'SUBMIT_DOCUMENTS' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(events.filter((event) => event.type === 'documentAdded')).toHaveLength(2);
  });

  it('reports a SUBMIT_DOCUMENTS sent during an upload that leaves a required one missing', async () => {
    const { flow, events } = setup({ nodes: ['requiredDocuments'] });
    const off = flow.on('nodeWaiting', () => {
      off();
      queueMicrotask(() => {
        flow.send(SAMPLE.statement);
        flow.send({ type: 'SUBMIT_DOCUMENTS' });
      });
    });
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().error?.code === 'DOCUMENTS_MISSING');
    expect(flow.getView()).toMatchObject({
      state: 'tracking.requiredDocuments.collecting',
      documents: { added: ['BANK_STATEMENT'], missing: ['UTILITY_TELEPHONE_BILL'], pending: [] },
    });
    expect(types(events)).toContain('error');
    flow.send(SAMPLE.bill);
    flow.send({ type: 'SUBMIT_DOCUMENTS' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
  });

  it('refuses a snapshot that is not its own instead of starting a second onboarding', () => {
    const { fake } = setup({ nodes: ['particulars'] });
    const restore = (snapshot: unknown) => () =>
      createKycFlow({ client: fake.client, customer, snapshot: snapshot as PersistedFlow });
    expect(restore({ version: 2, snapshot: {} })).toThrow(PersistedFlowError);
    expect(restore({ version: 1, snapshot: { nope: true } })).toThrow(PersistedFlowError);
    const alien = { status: 'active', value: { tracking: 'nowhere' }, context: {}, children: {} };
    expect(restore({ version: 1, snapshot: alien })).toThrow(PersistedFlowError);
  });

  it('settles whenDone() with FLOW_STOPPED when the flow is stopped before it ends', async () => {
    const { fake, flow } = setup({ nodes: ['particulars'] });
    flow.start().send({ type: 'START' });
    const waiting = flow.whenDone();
    await advanceUntil(() => flow.getView().state === 'tracking.particulars.awaitingInput');
    const persisted = flow.persist();
    flow.stop();
    const stopped = { name: 'FlowStoppedError', code: 'FLOW_STOPPED', retryable: false };
    await expect(waiting).rejects.toMatchObject({
      ...stopped,
      state: 'tracking.particulars.awaitingInput',
    });
    // Asked after the stop too, and for a flow never started.
    await expect(flow.whenDone()).rejects.toMatchObject(stopped);
    const { flow: idle } = setup({ nodes: ['particulars'] });
    const never = idle.whenDone();
    idle.stop();
    await expect(never).rejects.toMatchObject({ ...stopped, state: 'idle' });

    // What was persisted before the stop still carries on to the end.
    const resumed = createKycFlow({ client: fake.client, customer, polling, snapshot: persisted });
    answerAll(resumed);
    resumed.start();
    resumed.send(SAMPLE.particulars);
    await expect(settle(resumed.whenDone())).resolves.toMatchObject({ status: 'completed' });
  });
});
