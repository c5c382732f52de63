import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { ValidationError } from '../../src/services/errors/validation-error.js';
import { answerAll } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

const brokenAnswer = (method: 'workflow.apply.submit' | 'workflow.applicant.register') =>
  new ValidationError(method, 'response', [
    { field: method === 'workflow.apply.submit' ? 'executionId' : 'customerId', message: 'x' },
  ]);

describe('an answer to the start that breaks the contract', () => {
  it('stops the flow for attention at once, sending no second start until RETRY', async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    fake.failNext('workflow.apply.submit', brokenAnswer('workflow.apply.submit'));
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-start' },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
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
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-unread' },
    });
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.apply.submit']).toBe(2);
    expect(steps).not.toContain('needsAttention');
  });

  it('reads a broken answer to register again by itself: the guide calls register idempotent', async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    fake.failNext('workflow.applicant.register', brokenAnswer('workflow.applicant.register'), 2);
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-register' },
    });
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.applicant.register']).toBe(3);
    expect(steps).toContain('suspended');
    expect(steps).not.toContain('needsAttention');
  });
});
