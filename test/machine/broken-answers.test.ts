import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { ValidationError } from '../../src/services/errors/validation-error.js';
import { answerAll } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

const brokenStart = () =>
  new ValidationError('workflow.apply.submit', 'response', [
    { field: 'executionId', message: 'expected string' },
  ]);

/** A flow on `fake` whose host answers everything, started; `steps` it went through. */
const started = (fake: ReturnType<typeof createFakeGateway>, referenceId: string) => {
  const flow = createKycFlow({
    client: fake.client,
    customer: { email: 'jane@example.com', referenceId },
  });
  const steps: string[] = [];
  flow.subscribe((view) => steps.push(view.step));
  answerAll(flow);
  flow.start().send({ type: 'START' });
  return { flow, steps };
};

describe('an answer that breaks the contract to a call that changes something', () => {
  it('stops the flow for attention at once, sending no second start until RETRY', async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    fake.failNext('workflow.apply.submit', brokenStart());
    const { flow } = started(fake, 'ref-start');
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(flow.getView()).toMatchObject({
      expects: ['RETRY'],
      error: { code: 'CONTRACT_BROKEN', method: 'workflow.apply.submit', field: 'executionId' },
    });
    // Reading the answer again would mean starting again: the host decides.
    await advanceUntil(() => vi.getTimerCount() === 0);
    expect(fake.calls['workflow.apply.submit']).toBe(1);
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.apply.submit']).toBe(2);
    expect(fake.registrations).toBe(1);
  });

  it('sends the start again after an answer that was no envelope at all (cut short, a page)', async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    const unreadable = new ValidationError(
      'workflow.apply.submit',
      'response',
      [{ field: '', message: 'expected a JSON envelope' }],
      true,
    );
    fake.failNext('workflow.apply.submit', unreadable);
    const { flow, steps } = started(fake, 'ref-unread');
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.apply.submit']).toBe(2);
    expect(steps).not.toContain('needsAttention');
  });

  it('stops at once when a submission is taken and answered in a shape that breaks the contract', async () => {
    // Sent again (by the flow itself, after a suspension) it would be answered the same:
    // a gateway whose OTP requestId is a number looped that way without end.
    const fake = createFakeGateway({ nodes: ['emailOtp', 'particulars'] });
    const broken = new ValidationError('workflow.kyc.otp.send', 'response', [
      { field: 'requestId', message: 'expected string' },
    ]);
    fake.failNext('workflow.kyc.otp.send', broken);
    const { flow } = started(fake, 'ref-otp');
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(flow.getView().error).toMatchObject({
      code: 'CONTRACT_BROKEN',
      method: 'workflow.kyc.otp.send',
      field: 'requestId',
    });
    await advanceUntil(() => vi.getTimerCount() === 0);
    expect(fake.calls['workflow.kyc.otp.send']).toBe(1);
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.kyc.otp.send']).toBe(2);
  });
});
