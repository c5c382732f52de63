import { describe, expect, it } from 'vitest';
import { hostFor } from './host.js';
import {
  customerFor,
  expectEachEffectOnce,
  flowFor,
  openSandbox,
  viewWhere,
} from './sandbox-harness.js';

describe('suspended: the retry budget is spent, nothing is lost', () => {
  it('suspends when status reads keep failing, keeps everything, and leaves on RETRY', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { flow, events } = flowFor(sandbox, customerFor(), { retryLimit: 1 });
    // The first status read and its one retry fail: the client's budget is spent.
    sandbox.injectFaults({ kind: 'http-500', method: 'workflow.execution.status', times: 2 });
    flow.start().send({ type: 'START' });
    const suspended = await viewWhere(flow, (view) => view.step === 'suspended');
    expect(suspended).toMatchObject({
      state: 'suspended',
      executionId: expect.any(String),
      customerId: expect.any(String),
      error: { code: 'TRANSPORT_ERROR', retryable: true },
      expects: ['RETRY'],
    });
    expect(events).toContainEqual({ type: 'suspended', error: suspended.error });
    hostFor(flow, { retry: true });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expectEachEffectOnce(sandbox);
  });

  it('leaves suspended by itself after its back-off and sends the interrupted answer again', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { flow, states } = flowFor(sandbox, customerFor(), { retryLimit: 0 });
    sandbox.injectFaults({ kind: 'service-timeout', method: 'workflow.kyc.liveness.data' });
    const answered: string[] = [];
    hostFor(flow, {
      override: (view) => {
        answered.push(view.state);
        return undefined;
      },
    });
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    const suspendedAt = states.indexOf('suspended');
    expect(states[suspendedAt - 1]).toBe('tracking.liveness.submitting');
    // Back through a status read to the same node: its answer goes out again by itself.
    expect(states.slice(suspendedAt, suspendedAt + 3)).toEqual([
      'suspended',
      'tracking.polling',
      'tracking.liveness.submitting',
    ]);
    expect(answered.filter((state) => state === 'tracking.liveness.awaitingInput')).toHaveLength(1);
    expect(sandbox.stats().calls['workflow.kyc.liveness.data']).toBe(2);
    expectEachEffectOnce(sandbox);
  });

  it('suspends during registration and registers exactly once after', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { flow, states } = flowFor(sandbox, customerFor(), { retryLimit: 0 });
    sandbox.injectFaults({ kind: 'drop', method: 'workflow.applicant.register' });
    sandbox.injectFaults({ kind: 'drop-after-effect', method: 'workflow.apply.submit' });
    hostFor(flow);
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(states.slice(0, 6)).toEqual([
      'idle',
      'registering',
      'suspended',
      'registering',
      'starting',
      'suspended',
    ]);
    expect(states[6]).toBe('starting');
    expectEachEffectOnce(sandbox);
  });
});
