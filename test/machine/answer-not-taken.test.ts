import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { ANSWER_WAIT_MS } from '../../src/machine/deadlines.js';
import { FLOW_CODES } from '../../src/machine/flow-error.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { GATEWAY_CODES } from '../../src/services/wire/vocabulary.js';
import { answerAll, record } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

const PARTICULARS = 'workflow.kyc.particular.data';
const busy = () => new GatewayError(PARTICULARS, GATEWAY_CODES.SERVICE_TIME_OUT, 'timed out');

/** A gateway that refuses the particulars `times` times (nothing applied) while the node waits. */
const refusingGateway = (times: number) => {
  const fake = createFakeGateway({ nodes: ['particulars', 'liveness'] });
  fake.failNext(PARTICULARS, busy(), times);
  const flow = createKycFlow({
    client: fake.client,
    customer: { email: 'jane@example.com', referenceId: 'ref-held' },
  });
  const emitted = record(flow);
  answerAll(flow);
  const sentAt: number[] = [];
  const errors: (string | undefined)[] = [];
  flow.subscribe((view) => {
    while (sentAt.length < (fake.calls[PARTICULARS] ?? 0)) {
      sentAt.push(Date.now());
      errors.push(view.error?.message);
    }
  });
  flow.start().send({ type: 'START' });
  return { fake, flow, emitted, sentAt, errors };
};

describe('an answer the gateway keeps failing on', () => {
  it('is sent again by the flow itself with growing waits, the trouble shown meanwhile, the host asked once', async () => {
    const { fake, flow, emitted, sentAt, errors } = refusingGateway(7);
    await advanceUntil(() => (fake.calls[PARTICULARS] ?? 0) >= 8, 20_000);
    // A status read between two sends (the node still waiting) resets neither the back-off
    // nor the error: the waits double up to the ceiling.
    const gaps = sentAt.slice(1).map((at, index) => at - (sentAt[index] ?? at));
    expect(gaps.at(-1)).toBeGreaterThan(8 * (gaps[0] ?? 0));
    for (const [index, gap] of gaps.entries()) {
      if (index > 0 && index < 5) expect(gap, `gap ${index}`).toBeGreaterThan(gaps[index - 1] ?? 0);
    }
    expect(errors.slice(1).every((message) => message?.includes('timed out'))).toBe(true);
    expect(emitted.filter((event) => event.type === 'nodeWaiting')).toHaveLength(1);
    // Taken at last: it goes on, and the trouble is gone from the view.
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ status: 'completed' });
    expect(fake.calls[PARTICULARS]).toBe(8);
  });
});

/**
 * A gateway that takes the particulars (apiCode 200) and keeps the node waiting under the
 * same callbackKey: never, or only once the answer has come `actsOn` times.
 */
const deafGateway = (actsOn = Number.POSITIVE_INFINITY) => {
  const fake = createFakeGateway({ nodes: ['particulars'] });
  const sent: { at: number; callbackKey: string; personData: unknown }[] = [];
  const submitParticulars: typeof fake.client.submitParticulars = async (input, options) => {
    sent.push({ at: Date.now(), callbackKey: input.callbackKey, personData: input.personData });
    return sent.length >= actsOn
      ? fake.client.submitParticulars(input, options)
      : { accepted: true };
  };
  return { fake, sent, client: { ...fake.client, submitParticulars } };
};

const startDeaf = (actsOn?: number) => {
  const gateway = deafGateway(actsOn);
  const flow = createKycFlow({
    client: gateway.client,
    customer: { email: 'jane@example.com', referenceId: 'ref-deaf' },
  });
  const emitted = record(flow);
  answerAll(flow);
  flow.start().send({ type: 'START' });
  return { ...gateway, flow, emitted };
};

describe('an answer the gateway takes but never acts on (its node waits on under the same key)', () => {
  it('is read on for ANSWER_WAIT_MS, sent once more, and after as long again the flow stops in needsAttention naming the node', async () => {
    const { flow, sent, emitted } = startDeaf();
    await advanceUntil(() => sent.length === 1);
    const takenAt = Date.now();
    await advanceUntil(() => sent.length === 2 || flow.getView().step === 'needsAttention');
    // A slow engine is given its time: nothing is sent again before the wait is out...
    expect(Date.now() - takenAt).toBeGreaterThanOrEqual(ANSWER_WAIT_MS);
    expect(Date.now() - takenAt).toBeLessThan(ANSWER_WAIT_MS + 60_000);
    // ...then the very same answer goes once more, under the same callbackKey.
    expect(sent[1]).toMatchObject({
      callbackKey: sent[0]?.callbackKey,
      personData: sent[0]?.personData,
    });
    const resentAt = Date.now();
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(Date.now() - resentAt).toBeGreaterThanOrEqual(ANSWER_WAIT_MS);
    expect(sent).toHaveLength(2);
    const view = flow.getView();
    expect(view.error).toMatchObject({ code: FLOW_CODES.ANSWER_NOT_TAKEN, retryable: true });
    expect(view.error?.message).toMatch(/flow_action_individual_particular node-0/);
    expect(emitted.filter((event) => event.type === 'needsAttention')).toHaveLength(1);
    // The host was asked once; the flow sent the answer again by itself.
    expect(emitted.filter((event) => event.type === 'nodeWaiting')).toHaveLength(1);
    // It waits there: no read, no send, until the host's RETRY.
    const reads = flow.getView();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(flow.getView().state).toBe(reads.state);
    flow.stop();
  });

  it('reads again on RETRY: stops there again while the node still waits, carries on once the gateway acted on it', async () => {
    const { flow, fake, sent } = startDeaf();
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    const reads = fake.calls['workflow.execution.status'] ?? 0;
    flow.send({ type: 'RETRY' });
    expect(flow.getView().step).not.toBe('needsAttention');
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(fake.calls['workflow.execution.status']).toBe(reads + 1);
    expect(sent).toHaveLength(2);
    // Fixed meanwhile: the gateway acts on the answer it took (its own repeat, from memory).
    await fake.client.submitParticulars({
      executionId: flow.getView().executionId ?? '',
      callbackKey: sent[0]?.callbackKey ?? '',
      referenceId: 'ref-deaf',
      personData: { name: 'Jane Doe', dateOfBirth: '1990-01-15', nationality: 'SG' },
    });
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
  });

  it('completes when the answer sent once more is acted on, the host asked once', async () => {
    const { flow, sent, emitted } = startDeaf(2);
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(sent).toHaveLength(2);
    expect(emitted.filter((event) => event.type === 'nodeWaiting')).toHaveLength(1);
    expect(emitted.filter((event) => event.type === 'needsAttention')).toHaveLength(0);
  });

  it('keeps its deadline across persist and restore (the wait is in the persisted context)', async () => {
    const first = startDeaf();
    await advanceUntil(() => first.sent.length === 1);
    const takenAt = Date.now();
    await vi.advanceTimersByTimeAsync(ANSWER_WAIT_MS / 2);
    expect(first.flow.getView().state).toBe('tracking.polling');
    const persisted = first.flow.persist();
    first.flow.stop();
    const sent: number[] = [];
    const submitParticulars: typeof first.client.submitParticulars = async () => {
      sent.push(Date.now());
      return { accepted: true };
    };
    const flow = createKycFlow({
      client: { ...first.client, submitParticulars },
      customer: { email: 'jane@example.com', referenceId: 'ref-deaf' },
      snapshot: persisted,
    }).start();
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect((sent[0] ?? 0) - takenAt).toBeGreaterThanOrEqual(ANSWER_WAIT_MS);
    expect((sent[0] ?? 0) - takenAt).toBeLessThan(ANSWER_WAIT_MS + 60_000);
    expect(sent).toHaveLength(1);
    expect(flow.getView().error?.code).toBe(FLOW_CODES.ANSWER_NOT_TAKEN);
    flow.stop();
  });
});
