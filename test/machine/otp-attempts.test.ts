import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { createFakeGateway } from './fake-gateway.js';
import { viewWhere } from './sandbox-harness.js';

/** An email OTP node whose every verify answers `verified: false` with `remainingAttempts`. */
const rejecting = (remainingAttempts: number | undefined) => {
  const fake = createFakeGateway({ nodes: ['emailOtp'] });
  const client = {
    ...fake.client,
    verifyOtp: async () => ({
      verified: false,
      ...(remainingAttempts === undefined ? {} : { remainingAttempts }),
    }),
  };
  const flow = createKycFlow({
    client,
    customer: { email: 'jane@example.com', referenceId: 'ref-attempts' },
    polling: { timeScale: 1_000 },
  });
  return flow;
};

const afterOneWrongCode = async (remainingAttempts: number | undefined) => {
  const flow = rejecting(remainingAttempts);
  flow.start().send({ type: 'START' });
  await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.awaitingIdentity');
  flow.send({ type: 'SEND_OTP' });
  await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.codeSent');
  flow.send({ type: 'VERIFY_OTP', code: '000000' });
  const view = await viewWhere(flow, (seen) => /wrongCode|locked/.test(seen.state));
  flow.stop();
  return view;
};

describe('a wrong code, by the attempts the gateway says are left', () => {
  it('locks the code at none left, and at fewer than none (a gateway answering -1)', async () => {
    for (const left of [0, -1]) {
      expect(await afterOneWrongCode(left)).toMatchObject({
        state: 'tracking.emailOtp.locked.coolingDown',
        error: { code: 'OTP_LOCKED' },
      });
    }
  });

  it('asks for the code again when some are left, or when the gateway does not say', async () => {
    for (const left of [2, undefined]) {
      expect((await afterOneWrongCode(left)).state).toBe('tracking.emailOtp.wrongCode');
    }
  });
});

describe('a code the gateway refused', () => {
  it('is not sent to it again, by the flow or by one restored from its snapshot; another code, or a new request, is', async () => {
    const fake = createFakeGateway({ nodes: ['emailOtp'], otpCooldownMs: 1 });
    const options = {
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-refused' },
      polling: { timeScale: 1_000 },
    };
    const flow = createKycFlow(options).start();
    flow.send({ type: 'START' });
    await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP' });
    await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.codeSent');
    flow.send({ type: 'VERIFY_OTP', code: '000000' });
    await viewWhere(flow, (view) => view.state === 'tracking.emailOtp.wrongCode');
    flow.send({ type: 'VERIFY_OTP', code: '000000' });
    expect(flow.getView()).toMatchObject({
      state: 'tracking.emailOtp.wrongCode',
      error: { code: 'OTP_CODE_REFUSED', retryable: false },
    });
    const saved = flow.persist();
    flow.stop();
    expect(JSON.stringify(saved)).not.toContain('000000');

    // A later run on the same snapshot, given the same code again (its profile unchanged).
    const restored = createKycFlow({ ...options, snapshot: saved }).start();
    restored.send({ type: 'VERIFY_OTP', code: '000000' });
    expect(restored.getView().error?.code).toBe('OTP_CODE_REFUSED');
    expect(fake.calls['workflow.kyc.otp.verify']).toBe(1);
    // A new code is a new request: the refusal held for the old one only.
    await new Promise((resolve) => setTimeout(resolve, 5)); // past the 1 ms cooldown
    restored.send({ type: 'RESEND_OTP' });
    await viewWhere(restored, (view) => view.state === 'tracking.emailOtp.codeSent');
    restored.send({ type: 'VERIFY_OTP', code: '000000' });
    await viewWhere(restored, (view) => view.state === 'tracking.emailOtp.wrongCode');
    expect(fake.calls['workflow.kyc.otp.verify']).toBe(2);
    restored.send({ type: 'VERIFY_OTP', code: '123456' });
    await expect(restored.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(fake.calls['workflow.kyc.otp.verify']).toBe(3);
  });
});
