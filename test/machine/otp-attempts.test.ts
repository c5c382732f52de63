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
