import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowOutcome } from '../../src/machine/types.js';
import type { ScenarioName } from '../../src/sandbox/index.js';
import { hostFor } from './host.js';
import {
  customerFor,
  expectEachEffectOnce,
  flowFor,
  openSandbox,
  SPEED,
  viewWhere,
} from './sandbox-harness.js';

const ALL_CLIENT_NODES = [
  'identityDocument',
  'particulars',
  'liveness',
  'emailOtp',
  'phoneOtp',
  'requiredDocuments',
  'requiredForms',
];

const EXPECTED: Record<Exclude<ScenarioName, 'manual-review'>, Partial<FlowOutcome>> = {
  full: { status: 'completed', decision: 'APPROVED' },
  minimal: { status: 'completed', decision: 'APPROVED' },
  rejected: { status: 'completed', decision: 'REJECTED' },
  failed: { status: 'failed' },
  timeout: { status: 'timedOut' },
  cancelled: { status: 'cancelled' },
  'ocr-failure': { status: 'completed', decision: 'APPROVED' },
};

describe('the chart against the sandbox over loopback', () => {
  it.each(Object.entries(EXPECTED))(
    'ends %s in the right final state',
    async (scenario, outcome) => {
      const sandbox = await openSandbox({ scenario: scenario as ScenarioName });
      const { flow, events, states } = flowFor(sandbox, customerFor());
      hostFor(flow);
      flow.start().send({ type: 'START' });
      const result = await flow.whenDone();
      expect(result).toMatchObject({ ...outcome, executionId: expect.any(String) });
      expect(flow.getView()).toMatchObject({ done: true, outcome: result });
      expect(events.at(-1)).toEqual({ type: 'outcome', outcome: result });
      expect(states.slice(0, 3)).toEqual(['idle', 'registering', 'starting']);
      expectEachEffectOnce(sandbox);
      if (scenario === 'ocr-failure') {
        expect(states).toContain('tracking.identityDocument.ocrFailed');
        const retake = states.indexOf('tracking.identityDocument.ocrFailed');
        expect(states.slice(retake)).toContain('tracking.identityDocument.extracting');
        expect(events.map((event) => event.type)).toContain('ocrFailed');
      }
    },
  );

  it('answers every client node type of the full scenario, in order, with OCR result and both OTPs', async () => {
    const sandbox = await openSandbox({ scenario: 'full' });
    const { flow, events } = flowFor(sandbox, customerFor());
    hostFor(flow);
    flow.start().send({ type: 'START' });
    await flow.whenDone();
    const waited = events.flatMap((event) => (event.type === 'nodeWaiting' ? [event.step] : []));
    expect(waited).toEqual(ALL_CLIENT_NODES);
    const types = events.map((event) => event.type);
    expect(types).toContain('ocrResult');
    expect(
      events.filter((event) => event.type === 'otpVerified').map((event) => event.channel),
    ).toEqual(['email', 'phone']);
    expect(flow.getView().ocr).toMatchObject({ status: 'succeeded', result: expect.any(Object) });
  });

  it('shows automatic screening as its own state while the sandbox screens', async () => {
    // A slower sandbox and a flow that polls at four times its pace, so that screening
    // (100–300 ms here) is seen by several polls whatever the policy's back-off.
    const sandbox = await openSandbox({
      speed: 10,
      scenarios: [{ name: 'screen', steps: ['particulars', 'screenCheck'], outcome: 'APPROVED' }],
      scenario: { name: 'screen', steps: ['particulars', 'screenCheck'], outcome: 'APPROVED' },
    });
    const { flow, states } = flowFor(sandbox, customerFor(), { speed: 40 });
    hostFor(flow);
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(states).toContain('tracking.screenCheck');
    expect(states.indexOf('tracking.screenCheck')).toBeGreaterThan(
      states.indexOf('tracking.particulars.submitting'),
    );
  });

  it('waits in pendingReview during manual review, then ends with the decision', async () => {
    const sandbox = await openSandbox({ scenario: 'manual-review' });
    const { flow, events } = flowFor(sandbox, customerFor());
    hostFor(flow);
    flow.start().send({ type: 'START' });
    const view = await viewWhere(flow, (next) => next.step === 'pendingReview');
    expect(view.node?.nodeType).toBe('flow_action_manual_review');
    expect(view.done).toBe(false);
    expect(events.filter((event) => event.type === 'pendingReview')).toHaveLength(1);
    sandbox.admin.decideReview(view.executionId as string, 'REJECTED');
    await expect(flow.whenDone()).resolves.toMatchObject({
      status: 'completed',
      decision: 'REJECTED',
    });
    // Slow polls at review pace: told once, not on every poll.
    expect(events.filter((event) => event.type === 'pendingReview')).toHaveLength(1);
    expectEachEffectOnce(sandbox);
  });

  it('shows an unknown node type as its own state, not as review, until it moves on', async () => {
    const scenario = {
      name: 'video-call',
      steps: ['particulars', 'flow_action_video_call'],
      outcome: 'APPROVED' as const,
    };
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    const { flow, events } = flowFor(sandbox, customerFor());
    hostFor(flow);
    flow.start().send({ type: 'START' });
    const view = await viewWhere(flow, (next) => next.step === 'unknownNode');
    expect(view).toMatchObject({
      state: 'tracking.unknownNode',
      node: { nodeType: 'flow_action_video_call' },
      expects: [],
    });
    expect(events).toContainEqual({ type: 'unknownNode', node: view.node });
    expect(events.some((event) => event.type === 'pendingReview')).toBe(false);
    sandbox.admin.decideReview(view.executionId as string, 'APPROVED');
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(events.filter((event) => event.type === 'unknownNode')).toHaveLength(1);
  });

  it('builds its own client from settings and hands what happens to an inspector', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const inspected: string[] = [];
    const flow = createKycFlow({
      client: {
        gatewayUrl: sandbox.gatewayUrl,
        ...sandbox.credentials,
        retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 5 },
      },
      customer: { email: 'settings@example.com' },
      polling: { timeScale: SPEED },
      inspect: (event) => inspected.push(event.type),
    });
    hostFor(flow);
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(flow.getView().referenceId).toMatch(/^kyc-/);
    expect(inspected).toContain('@xstate.snapshot');
    expect(inspected).toContain('@xstate.event');
  });
});
