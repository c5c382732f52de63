import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { answerAll } from './answers.js';
import { runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

/**
 * A gateway may refuse the registration or the start itself: a customer it already has, an
 * execution already in progress, an input it does not take. The guide names no such code, so
 * the flow cannot tell them apart, but none of them is the workflow's verdict.
 */
const refusal = (method: 'workflow.applicant.register' | 'workflow.apply.submit', apiMsg: string) =>
  new GatewayError(method, 999301, apiMsg);

describe.each([
  ['workflow.applicant.register', 'registering', 'customer already exists'],
  ['workflow.apply.submit', 'starting', 'an execution is already in progress'],
] as const)('%s refused', (method, step, apiMsg) => {
  it('needs attention, keeping everything, with the refusal: never a FAILED', async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    fake.failNext(method, refusal(method, apiMsg));
    const flow = createKycFlow({
      client: fake.client,
      customer: { customerId: 'C_refused', referenceId: `ref-${step}` },
    });
    answerAll(flow);
    let outcome: unknown;
    void flow.whenDone().then((done) => {
      outcome = done;
    });
    flow.start().send({ type: 'START' });
    await settle(Promise.resolve());
    expect(flow.getView()).toMatchObject({
      step: 'needsAttention',
      error: { apiCode: 999301, message: expect.stringContaining(apiMsg) },
    });
    expect(flow.getView().executionId).toBeUndefined();
    expect(outcome).toBeUndefined();
    expect(fake.calls[method]).toBe(1);

    // Once the cause is settled with the vendor, RETRY takes the same step again.
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(fake.calls[method]).toBe(2);
    expect(fake.calls['workflow.apply.submit']).toBe(method === 'workflow.apply.submit' ? 2 : 1);
  });
});
