import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { FLOW_CODES } from '../../src/machine/flow-error.js';
import { ANSWERS_IN_A_ROW } from '../../src/machine/guards.js';
import type { PersistedFlow } from '../../src/machine/types.js';
import type { ExecutionState } from '../../src/services/wire/records.js';
import { NODE_TYPES } from '../../src/services/wire/vocabulary.js';
import { answerAll, record } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

/** Answers in a row one node may take under new callbackKeys before the flow stops. */
const LIMIT = ANSWERS_IN_A_ROW;

type Kind = 'particulars' | 'liveness';

/**
 * A gateway that takes every answer (apiCode 200) and then shows `nodeAfter(answers taken)`
 * waiting, always the same node of its kind, under a new callbackKey on every status read;
 * `undefined` is the execution COMPLETED.
 */
const rearmingGateway = (nodeAfter: (answers: number) => Kind | undefined) => {
  const fake = createFakeGateway({ nodes: [] });
  const answers: { kind: Kind; callbackKey: string }[] = [];
  let reads = 0;
  const getExecution = async ({ executionId }: { executionId: string }) => {
    reads += 1;
    const kind = nodeAfter(answers.length);
    const answer: ExecutionState = kind
      ? {
          executionId,
          status: 'WAITING',
          currentNode: {
            nodeId: `n-${kind}`,
            nodeType: NODE_TYPES[kind],
            callbackKey: `kyc:${kind}:${executionId}:${reads}`,
          },
        }
      : { executionId, status: 'COMPLETED', result: { decision: 'APPROVED' } };
    return answer;
  };
  const taking =
    (kind: Kind) =>
    async ({ callbackKey }: { callbackKey: string }) => {
      answers.push({ kind, callbackKey });
      return { accepted: true };
    };
  const client = {
    ...fake.client,
    getExecution,
    submitParticulars: taking('particulars'),
    submitLiveness: taking('liveness'),
  } as typeof fake.client;
  return { client, answers, reads: () => reads };
};

const customer = { email: 'jane@example.com', referenceId: 'ref-rearmed' };

const startOn = (
  client: ReturnType<typeof rearmingGateway>['client'],
  snapshot?: PersistedFlow,
) => {
  const flow = createKycFlow({ client, customer, ...(snapshot ? { snapshot } : {}) });
  const emitted = record(flow);
  answerAll(flow);
  flow.start();
  if (!snapshot) flow.send({ type: 'START' });
  const asked = () => emitted.filter((event) => event.type === 'nodeWaiting').length;
  return { flow, emitted, asked };
};

const stoppedOr = (flow: { getView(): { step: string } }, answers: unknown[], most: number) => () =>
  flow.getView().step === 'needsAttention' || answers.length > most;

describe('a gateway that takes every answer and shows the same node waiting under a new callbackKey', () => {
  it('is answered ANSWERS_IN_A_ROW times, then the flow stops in needsAttention ANSWER_NOT_TAKEN naming the node, and waits there', async () => {
    const gateway = rearmingGateway(() => 'particulars');
    const { flow, emitted, asked } = startOn(gateway.client);
    await advanceUntil(stoppedOr(flow, gateway.answers, 3 * LIMIT));
    expect(gateway.answers).toHaveLength(LIMIT);
    // Every answer went under its own key: none was sent twice.
    expect(new Set(gateway.answers.map((answer) => answer.callbackKey)).size).toBe(LIMIT);
    expect(asked()).toBe(LIMIT);
    const view = flow.getView();
    expect(view.step).toBe('needsAttention');
    expect(view.error).toMatchObject({ code: FLOW_CODES.ANSWER_NOT_TAKEN, retryable: true });
    expect(view.error?.message).toMatch(/flow_action_individual_particular n-particulars/);
    expect(emitted.filter((event) => event.type === 'needsAttention')).toHaveLength(1);
    // Not read, sent or asked again by itself: an hour later it still waits for RETRY.
    const reads = gateway.reads();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(gateway.reads()).toBe(reads);
    expect(gateway.answers).toHaveLength(LIMIT);
    expect(asked()).toBe(LIMIT);
    flow.stop();
  });

  it('carries on after RETRY: the host is asked again, and the flow completes once the node moves on', async () => {
    const gateway = rearmingGateway((answers) => (answers <= LIMIT ? 'particulars' : undefined));
    const { flow, asked } = startOn(gateway.client);
    await advanceUntil(stoppedOr(flow, gateway.answers, 3 * LIMIT));
    expect(flow.getView().step).toBe('needsAttention');
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(gateway.answers).toHaveLength(LIMIT + 1);
    expect(asked()).toBe(LIMIT + 1);
  });

  it('answers every re-do the vendor asks up to the limit, counted afresh after another node', async () => {
    // The particulars as often as allowed, the liveness, the particulars as often again: all answered.
    const script = (answers: number): Kind | undefined =>
      answers < LIMIT
        ? 'particulars'
        : answers === LIMIT
          ? 'liveness'
          : answers <= 2 * LIMIT
            ? 'particulars'
            : undefined;
    const gateway = rearmingGateway(script);
    const { flow } = startOn(gateway.client);
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(gateway.answers.map((answer) => answer.kind)).toEqual([
      ...Array<Kind>(LIMIT).fill('particulars'),
      'liveness',
      ...Array<Kind>(LIMIT).fill('particulars'),
    ]);
  });

  it('lets a customer retake an identity document the OCR failed on as often as it fails', async () => {
    const fake = createFakeGateway({ nodes: ['identityDocument'], ocrFailures: LIMIT + 1 });
    const { flow } = startOn(fake.client);
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.kyc.ocr']).toBe(LIMIT + 2);
  });

  it('keeps its count across persist and restore, and restores a snapshot saved without one', async () => {
    const first = rearmingGateway(() => 'particulars');
    const before = startOn(first.client);
    await advanceUntil(
      () => first.answers.length === 5 && before.flow.getView().state === 'tracking.polling',
    );
    const persisted = before.flow.persist();
    before.flow.stop();

    // Restored: the three answers left, then the stop.
    const again = rearmingGateway(() => 'particulars');
    const restored = startOn(again.client, persisted);
    await advanceUntil(stoppedOr(restored.flow, again.answers, 3 * LIMIT));
    expect(again.answers).toHaveLength(LIMIT - 5);
    expect(restored.flow.getView().error?.code).toBe(FLOW_CODES.ANSWER_NOT_TAKEN);
    restored.flow.stop();

    // Saved by an earlier version, with no count: it restores, and counts from there.
    const older = JSON.parse(JSON.stringify(persisted)) as {
      snapshot: { context: { timing: Record<string, unknown> } };
    };
    const { timing } = older.snapshot.context;
    for (const field of Object.keys(timing)) {
      if (
        !['startedAt', 'lastSubmitAt', 'lastPollAt', 'pollAttempts', 'suspensions'].includes(field)
      )
        delete timing[field];
    }
    const third = rearmingGateway(() => 'particulars');
    const old = startOn(third.client, older as unknown as PersistedFlow);
    await advanceUntil(stoppedOr(old.flow, third.answers, 3 * LIMIT));
    expect(third.answers).toHaveLength(LIMIT);
    expect(old.flow.getView().error?.code).toBe(FLOW_CODES.ANSWER_NOT_TAKEN);
    old.flow.stop();
  });
});
