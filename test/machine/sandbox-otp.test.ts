import { afterEach, describe, expect, it } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowCustomer, FlowEmitted } from '../../src/machine/types.js';
import type { Sandbox, Scenario } from '../../src/sandbox/index.js';
import type { GatewayClient } from '../../src/services/types.js';
import { clientFor, customerFor, openSandbox, SPEED, viewWhere } from './sandbox-harness.js';

const only = (name: string, steps: Scenario['steps']): Scenario => ({
  name,
  steps,
  outcome: 'APPROVED',
});

const flows: KycFlow[] = [];
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
});

/**
 * A flow whose client notes where each code was sent, as the gateway received it; with
 * `silentAttempts`, the gateway's answers do not say how many attempts are left (the
 * contract makes `remainingAttempts` optional).
 */
function otpFlow(sandbox: Sandbox, customer: FlowCustomer, silentAttempts = false) {
  const client = clientFor(sandbox);
  const sentTo: string[] = [];
  const noting: GatewayClient = {
    ...client,
    sendOtp: (input, options) => {
      sentTo.push(input.identity);
      return client.sendOtp(input, options);
    },
    verifyOtp: async (input, options) => {
      const { remainingAttempts, ...answer } = await client.verifyOtp(input, options);
      return silentAttempts ? answer : { ...answer, remainingAttempts };
    },
  };
  const flow = createKycFlow({ client: noting, customer, polling: { timeScale: SPEED } });
  flows.push(flow);
  const events: FlowEmitted[] = [];
  flow.on('*', (event) => events.push(event));
  return { flow, events, sentTo };
}

const errorCodes = (events: FlowEmitted[]) =>
  events.flatMap((event) => (event.type === 'error' ? [event.error.code] : []));

describe('OTP against the sandbox', () => {
  it('sends to the identity SEND_OTP names when neither the node nor the customer has one', async () => {
    const scenario = only('otp-both', ['phoneOtp', 'emailOtp']);
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    // No email, no phone: the email node's config names no identity either.
    const { flow, events, sentTo } = otpFlow(sandbox, {
      customerId: 'C_no_address',
      referenceId: 'otp-identity-1',
    });
    flow.start().send({ type: 'START' });

    await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP' });
    expect(flow.getView()).toMatchObject({
      state: 'tracking.phoneOtp.awaitingIdentity',
      error: { code: 'OTP_IDENTITY_MISSING' },
    });
    flow.send({ type: 'SEND_OTP', identity: '+6598765432' });
    const phone = await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.codeSent');
    expect(phone.otp).toMatchObject({ channel: 'phone', identity: '+6598765432', sends: 1 });
    expect(phone.error).toBeUndefined();
    flow.send({ type: 'VERIFY_OTP', code: '123456' });

    const email = await viewWhere(
      flow,
      (view) => view.state === 'tracking.emailOtp.awaitingIdentity',
    );
    expect(email.node?.config?.identity).toBeUndefined();
    flow.send({ type: 'SEND_OTP', identity: 'solo@example.com' });
    const emailSent = await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.codeSent');
    expect(emailSent.otp).toMatchObject({ channel: 'email', identity: 'solo@example.com' });
    flow.send({ type: 'VERIFY_OTP', code: '123456' });

    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(sentTo).toEqual(['+6598765432', 'solo@example.com']);
    expect(errorCodes(events)).toEqual(['OTP_IDENTITY_MISSING']);
  });

  it('sends a new code to a corrected identity once the cooldown allows', async () => {
    const scenario = only('phone-only', ['phoneOtp']);
    // 300 ms of real cooldown at SPEED.
    const sandbox = await openSandbox({
      scenarios: [scenario],
      scenario,
      otpCooldownMs: 300 * SPEED,
    });
    const { flow, sentTo } = otpFlow(sandbox, {
      customerId: 'C_typo',
      referenceId: 'otp-identity-2',
    });
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP', identity: '+6500000000' });
    const sent = await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.codeSent');
    const resendAt = sent.otp?.resendAvailableAt ?? 0;

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, resendAt - Date.now()) + 20));
    flow.send({ type: 'SEND_OTP', identity: '+6591234567' });
    const resent = await viewWhere(flow, (view) => view.otp?.sends === 2);
    expect(resent.otp).toMatchObject({ identity: '+6591234567' });
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(sentTo).toEqual(['+6500000000', '+6591234567']);
  });

  it('tells the host when a code is locked out and recovers through a resend', async () => {
    const scenario = only('phone-only', ['phoneOtp']);
    // A real second of cooldown: the lockout is seen while it runs, then it is waited out.
    const sandbox = await openSandbox({
      scenarios: [scenario],
      scenario,
      otpMaxAttempts: 2,
      otpCooldownMs: 1_000 * SPEED,
    });
    const { flow, events } = otpFlow(sandbox, customerFor());
    const states: string[] = [];
    flow.subscribe((view) => {
      if (states.at(-1) !== view.state) states.push(view.state);
    });
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP' });
    await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.codeSent');
    flow.send({ type: 'VERIFY_OTP', code: '000000' });
    await viewWhere(flow, (view) => view.state === 'tracking.phoneOtp.wrongCode');
    flow.send({ type: 'VERIFY_OTP', code: '000001' });

    const locked = await viewWhere(flow, (view) => view.state.includes('.locked.'));
    expect(locked).toMatchObject({
      state: 'tracking.phoneOtp.locked.coolingDown',
      otp: { remainingAttempts: 0, sends: 1 },
      error: { code: 'OTP_LOCKED', retryable: false },
      expects: [],
    });
    expect(events).toContainEqual({ type: 'otpRejected', channel: 'phone', remainingAttempts: 0 });
    expect(events).toContainEqual({ type: 'error', error: locked.error });
    // A third code is refused without asking the gateway; so is a resend within the cooldown.
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    flow.send({ type: 'RESEND_OTP' });
    expect(errorCodes(events).slice(-2)).toEqual(['OTP_LOCKED', 'OTP_RESEND_COOLDOWN']);
    expect(sandbox.stats().calls['workflow.kyc.otp.verify']).toBe(2);
    expect(sandbox.stats().calls['workflow.kyc.otp.send']).toBe(1);

    const resendable = await viewWhere(
      flow,
      (view) => view.state === 'tracking.phoneOtp.locked.resendAllowed',
    );
    expect(resendable.expects).toEqual(['RESEND_OTP']);
    expect(resendable.otp?.resendAvailableAt).toBeLessThanOrEqual(Date.now());
    flow.send({ type: 'RESEND_OTP' });
    const fresh = await viewWhere(flow, (view) => view.otp?.sends === 2);
    expect(fresh).toMatchObject({ state: 'tracking.phoneOtp.codeSent' });
    expect(fresh.otp?.remainingAttempts).toBeUndefined();
    expect(fresh.error).toBeUndefined();
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(states).toEqual(
      expect.arrayContaining([
        'tracking.phoneOtp.locked.coolingDown',
        'tracking.phoneOtp.locked.resendAllowed',
        'tracking.phoneOtp.verified',
      ]),
    );
  });

  it("takes the gateway's lockout (429001) the same way when it never said how many attempts were left", async () => {
    const scenario = only('email-only', ['emailOtp']);
    const sandbox = await openSandbox({
      scenarios: [scenario],
      scenario,
      otpMaxAttempts: 1,
      otpCooldownMs: 0,
    });
    const { flow, events } = otpFlow(sandbox, customerFor(), true);
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP' });
    await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.codeSent');
    flow.send({ type: 'VERIFY_OTP', code: '000000' });
    const wrong = await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.wrongCode');
    expect(wrong.otp?.remainingAttempts).toBeUndefined();
    flow.send({ type: 'VERIFY_OTP', code: '123456' });

    const locked = await viewWhere(flow, (view) => view.state.includes('.locked.'));
    expect(locked).toMatchObject({
      otp: { remainingAttempts: 0 },
      error: { code: 'OTP_LOCKED', apiCode: 429001, retryable: false },
    });
    expect(events).toContainEqual({ type: 'error', error: locked.error });
    await viewWhere(flow, (view) => view.expects.includes('RESEND_OTP'));
    flow.send({ type: 'RESEND_OTP' });
    await viewWhere(flow, (view) => view.otp?.sends === 2);
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
  });

  it('sends the code again by itself when a suspension interrupted the send', async () => {
    const scenario = only('email-only', ['emailOtp']);
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    const { flow, sentTo } = otpFlow(sandbox, customerFor());
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.awaitingIdentity');
    sandbox.injectFaults({ kind: 'gateway-error', method: 'workflow.kyc.otp.send' });
    flow.send({ type: 'SEND_OTP', identity: 'held@example.com' });
    await viewWhere(flow, (view) => view.step === 'suspended');
    flow.send({ type: 'RETRY' });
    const sent = await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.codeSent');
    expect(sent.otp).toMatchObject({ identity: 'held@example.com', sends: 1 });
    expect(sentTo).toEqual(['held@example.com', 'held@example.com']);
    flow.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
  });
});
