import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/sandbox/index.js';
import { SAMPLE } from './answers.js';
import { hostFor } from './host.js';
import {
  customerFor,
  expectEachEffectOnce,
  flowFor,
  openSandbox,
  viewWhere,
} from './sandbox-harness.js';

const only = (name: string, steps: Scenario['steps']): Scenario => ({
  name,
  steps,
  outcome: 'APPROVED',
});

describe('node by node against the sandbox', () => {
  it('takes a wrong OTP code, keeps counting attempts, then verifies the right one', async () => {
    const scenario = only('email-only', ['emailOtp']);
    const sandbox = await openSandbox({ scenarios: [scenario], scenario, otpMaxAttempts: 3 });
    const { flow, events, states } = flowFor(sandbox, customerFor());
    let wrongSent = false;
    hostFor(flow, {
      override: (view) => {
        if (view.state !== 'tracking.emailOtp.codeSent' || wrongSent) return undefined;
        wrongSent = true;
        return [{ type: 'VERIFY_OTP', code: '000000' }];
      },
    });
    flow.start().send({ type: 'START' });
    const wrong = await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.wrongCode');
    expect(wrong.otp).toMatchObject({ channel: 'email', remainingAttempts: 2, sends: 1 });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['otpSent', 'otpRejected', 'otpVerified']),
    );
    expect(events).toContainEqual({ type: 'otpRejected', channel: 'email', remainingAttempts: 2 });
    expect(states).toEqual(
      expect.arrayContaining([
        'tracking.emailOtp.verifying',
        'tracking.emailOtp.wrongCode',
        'tracking.emailOtp.verified',
      ]),
    );
    expectEachEffectOnce(sandbox);
  });

  it('refuses a resend before the cooldown and sends a new code after it', async () => {
    const scenario = only('phone-only', ['phoneOtp']);
    // 300 ms of real cooldown: long enough to be "before", short enough to wait out.
    const sandbox = await openSandbox({
      scenarios: [scenario],
      scenario,
      otpCooldownMs: 300 * 250,
    });
    const { flow, events } = flowFor(sandbox, customerFor());
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP', identity: '+6591234567' });
    const sent = await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.codeSent');
    expect(sent.otp).toMatchObject({ channel: 'phone', identity: '+6591234567', sends: 1 });
    const resendAt = sent.otp?.resendAvailableAt as number;
    expect(resendAt).toBeGreaterThan(Date.now());

    flow.send({ type: 'RESEND_OTP' });
    expect(flow.getView()).toMatchObject({
      state: 'tracking.phoneOtp.codeSent',
      error: { code: 'OTP_RESEND_COOLDOWN' },
      otp: { sends: 1 },
    });
    expect(sandbox.stats().calls['workflow.kyc.otp.send']).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, resendAt - Date.now()) + 20));
    flow.send({ type: 'RESEND_OTP' });
    const resent = await viewWhere(flow, (view) => (view.otp?.sends ?? 0) === 2);
    expect(resent.state).toBe('tracking.phoneOtp.codeSent');
    expect(resent.error).toBeUndefined();
    expect(events.filter((event) => event.type === 'otpSent')).toHaveLength(2);
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
  });

  it('uploads several documents, tracks what is missing, and refuses to submit early', async () => {
    const scenario = only('docs-only', ['requiredDocuments']);
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    const { flow, events } = flowFor(sandbox, customerFor());
    flow.start().send({ type: 'START' });
    const waiting = await viewWhere(
      flow,
      (view) => view.state === 'tracking.requiredDocuments.collecting',
    );
    expect(waiting.documents).toEqual({
      added: [],
      missing: ['UTILITY_TELEPHONE_BILL'],
      pending: [],
    });

    flow.send(SAMPLE.statement);
    await viewWhere(flow, (view) => view.documents?.added.includes('BANK_STATEMENT') === true);
    flow.send({ type: 'SUBMIT_DOCUMENTS' });
    expect(flow.getView()).toMatchObject({
      state: 'tracking.requiredDocuments.collecting',
      error: { code: 'DOCUMENTS_MISSING' },
      documents: { missing: ['UTILITY_TELEPHONE_BILL'] },
    });
    expect(sandbox.stats().calls['workflow.kyc.required.doc.submit']).toBeUndefined();

    // Both at once: the second queues behind the first, the submit waits for both.
    flow.send(SAMPLE.bill);
    flow.send({ ...SAMPLE.statement });
    flow.send({ type: 'SUBMIT_DOCUMENTS' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    const added = events.flatMap((event) => (event.type === 'documentAdded' ? [event] : []));
    expect(added.map((event) => event.docType)).toEqual([
      'BANK_STATEMENT',
      'UTILITY_TELEPHONE_BILL',
      'BANK_STATEMENT',
    ]);
    expect(added[1]?.missing).toEqual([]);
    expectEachEffectOnce(sandbox);
    const effects = Object.keys(sandbox.stats().effects);
    expect(effects.filter((key) => key.endsWith('#BANK_STATEMENT'))).toHaveLength(1);
    expect(effects.filter((key) => key.endsWith('#UTILITY_TELEPHONE_BILL'))).toHaveLength(1);
  });

  it('surfaces a refused submission with its code and lets the host answer again', async () => {
    const scenario = only('particulars-only', ['particulars']);
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    const { flow, events } = flowFor(sandbox, customerFor());
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.particulars.awaitingInput');
    // A date the wire contract refuses: caught before anything is sent, the field named.
    flow.send({
      type: 'SUBMIT_PARTICULARS',
      personData: { ...SAMPLE.particulars.personData, dateOfBirth: '15/01/1990' },
    });
    const refused = await viewWhere(flow, (view) => view.error !== undefined);
    expect(refused).toMatchObject({
      state: 'tracking.particulars.awaitingInput',
      error: { code: 'VALIDATION_ERROR', field: 'personData.dateOfBirth', retryable: false },
    });
    expect(events).toContainEqual({ type: 'error', error: refused.error });
    expect(sandbox.stats().calls['workflow.kyc.particular.data']).toBeUndefined();

    // Server trouble (999000) says nothing about the input: suspend; on RETRY the same
    // answer goes out again, without asking the host.
    sandbox.injectFaults({ kind: 'gateway-error', method: 'workflow.kyc.particular.data' });
    flow.send(SAMPLE.particulars);
    const suspended = await viewWhere(flow, (view) => view.step === 'suspended');
    expect(suspended).toMatchObject({
      error: { apiCode: 999000, retryable: true },
      expects: ['RETRY'],
    });
    flow.send({ type: 'RETRY' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(sandbox.stats().calls['workflow.kyc.particular.data']).toBe(2);
    expectEachEffectOnce(sandbox);
  });

  it('reports events that make no sense in the current state, and carries on', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { flow, events } = flowFor(sandbox, customerFor());
    flow.start();
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    flow.send({ type: 'START' });
    flow.send({ type: 'START' });
    flow.send(SAMPLE.bill);
    await viewWhere(flow, (view) => view.state === 'tracking.particulars.awaitingInput');
    flow.send({ type: 'RETAKE' });
    flow.send({ type: 'RETRY' });
    hostFor(flow);
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    flow.send({ type: 'CANCEL' });
    const ignored = events.flatMap((event) =>
      event.type === 'eventIgnored' ? [[event.eventType, event.state]] : [],
    );
    expect(ignored).toEqual([
      ['VERIFY_OTP', 'idle'],
      ['START', 'registering'],
      ['ADD_DOCUMENT', 'registering'],
      ['RETAKE', 'tracking.particulars.awaitingInput'],
      ['RETRY', 'tracking.particulars.awaitingInput'],
      ['CANCEL', 'completed'],
    ]);
    expectEachEffectOnce(sandbox);
  });
});
