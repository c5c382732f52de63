import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { FLOW_CODES } from '../../src/machine/flow-error.js';
import { answerAll, record } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

const BOUND = 60_000;
const customer = { email: 'jane@example.com', referenceId: 'ref-unlisted' };

/** A gateway whose status reads say PENDING (a status the guide does not list) while `pending`. */
const pendingGateway = () => {
  const fake = createFakeGateway({ nodes: ['particulars'] });
  const state = { pending: true, reads: 0 };
  const getExecution: typeof fake.client.getExecution = async (input, options) => {
    state.reads += 1;
    const execution = await fake.client.getExecution(input, options);
    return state.pending ? { ...execution, status: 'PENDING' } : execution;
  };
  return { state, client: { ...fake.client, getExecution } };
};

describe('an execution that keeps a status the guide does not list', () => {
  it('stops in needsAttention after maxUnknownStatusMs counted across a restore; RETRY waits another full bound, then carries on', async () => {
    const { state, client } = pendingGateway();
    const flow = createKycFlow({ client, customer, maxUnknownStatusMs: BOUND });
    const first = record(flow);
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => first.some((event) => event.type === 'unknownStatus'));
    const firstSeen = Date.now();
    await advanceUntil(() => Date.now() >= firstSeen + BOUND / 2);
    expect(flow.getView().step).toBe('polling');

    // Saved and restored half-way: xstate restores no timer, the context carries the count.
    const saved = flow.persist();
    flow.stop();
    const restored = createKycFlow({
      client,
      customer,
      snapshot: saved,
      maxUnknownStatusMs: BOUND,
    });
    const emitted = record(restored);
    answerAll(restored);
    restored.start();
    await advanceUntil(() => restored.getView().step === 'needsAttention');
    const stoppedAt = Date.now();
    expect(stoppedAt - firstSeen).toBeGreaterThanOrEqual(BOUND);
    expect(stoppedAt - firstSeen).toBeLessThan(BOUND + 10_000);
    expect(restored.getView().error).toMatchObject({
      code: FLOW_CODES.UNKNOWN_STATUS,
      message: expect.stringContaining('"PENDING" for 60 s'),
      retryable: true,
    });
    expect(emitted.filter((event) => event.type === 'needsAttention')).toHaveLength(1);
    const readsWhenStopped = state.reads;
    await vi.advanceTimersByTimeAsync(BOUND);
    expect(state.reads).toBe(readsWhenStopped);

    // Still unlisted: RETRY reads again and waits a full bound before stopping again.
    const retriedAt = Date.now();
    restored.send({ type: 'RETRY' });
    await advanceUntil(() => state.reads > readsWhenStopped);
    expect(restored.getView().step).toBe('polling');
    await advanceUntil(() => restored.getView().step === 'needsAttention');
    expect(Date.now() - retriedAt).toBeGreaterThanOrEqual(BOUND);

    // The gateway speaks the guide's words again: RETRY carries on to the end.
    state.pending = false;
    restored.send({ type: 'RETRY' });
    await expect(settle(restored.whenDone())).resolves.toMatchObject({ status: 'completed' });
  });

  it('stops after 10 min by default (a page that sets no bound is no spinner for ever)', async () => {
    const { client } = pendingGateway();
    const flow = createKycFlow({ client, customer });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().step === 'polling');
    const startedAt = Date.now();
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(600_000);
    expect(flow.getView().error?.code).toBe(FLOW_CODES.UNKNOWN_STATUS);
  });

  it('keeps counting while the unlisted word changes (a gateway counting STEP_1, STEP_2… is no nearer an outcome)', async () => {
    const { state, client } = pendingGateway();
    const counting: typeof client.getExecution = async (input, options) => {
      const execution = await client.getExecution(input, options);
      return state.pending ? { ...execution, status: `STEP_${state.reads}` } : execution;
    };
    const flow = createKycFlow({
      client: { ...client, getExecution: counting },
      customer,
      maxUnknownStatusMs: BOUND,
    });
    const emitted = record(flow);
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => emitted.some((event) => event.type === 'unknownStatus'));
    const firstSeen = Date.now();
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(Date.now() - firstSeen).toBeLessThan(BOUND + 10_000);
    expect(emitted.filter((event) => event.type === 'unknownStatus').length).toBeGreaterThan(2);
    expect(flow.getView().error?.code).toBe(FLOW_CODES.UNKNOWN_STATUS);
  });
});
