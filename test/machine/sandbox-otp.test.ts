import { afterEach, describe, expect, it } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowCustomer, FlowEmitted } from '../../src/machine/types.js';
import type { Sandbox, Scenario } from '../../src/sandbox/index.js';
import type { GatewayClient } from '../../src/services/types.js';
import { clientFor, openSandbox, SPEED, viewWhere } from './sandbox-harness.js';

const only = (name: string, steps: Scenario['steps']): Scenario => ({
  name,
  steps,
  outcome: 'APPROVED',
});

const flows: KycFlow[] = [];
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
});

/** A flow whose client notes where each code was sent, as the gateway received it. */
function otpFlow(sandbox: Sandbox, customer: FlowCustomer) {
  const client = clientFor(sandbox);
  const sentTo: string[] = [];
  const noting: GatewayClient = {
    ...client,
    sendOtp: (input, options) => {
      sentTo.push(input.identity);
      return client.sendOtp(input, options);
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
});
