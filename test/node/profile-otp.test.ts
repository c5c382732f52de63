import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import type { Responder } from '../../src/adapters/node/responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { fakeStorage, type NodeRequestOptions, nodeRequest } from './profile-request.js';

let profile: CustomerProfile;
beforeAll(async () => {
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});

const refusal = async (responder: Responder, ...args: Parameters<typeof nodeRequest>) =>
  Promise.resolve(responder.respond(nodeRequest(...args))).catch((caught: unknown) => caught);

/** The flow after the gateway turned the last code down, `remainingAttempts` as it said. */
const wrongCode = (remainingAttempts?: number, more: NodeRequestOptions = {}) =>
  ({
    state: 'wrongCode',
    view: {
      otp: {
        channel: 'email',
        sends: 1,
        ...(remainingAttempts !== undefined && { remainingAttempts }),
      },
    },
    ...more,
  }) satisfies NodeRequestOptions;

describe('profile responder, one-time codes the gateway rejected', () => {
  it('never sends a rejected code again: a ResponderError naming the channel and the attempts left, not the code', async () => {
    const responder = createProfileResponder(
      { ...profile, otp: { code: '000000' } },
      fakeStorage(),
    );
    expect(
      await responder.respond(nodeRequest('emailOtp', ['SEND_OTP'], { state: 'awaitingIdentity' })),
    ).toEqual([
      { type: 'SEND_OTP', identity: 'jane.doe@example.com' },
      { type: 'VERIFY_OTP', code: '000000' },
    ]);
    const error = await refusal(responder, 'emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], wrongCode(2));
    expect(error).toBeInstanceOf(ResponderError);
    expect(error).toMatchObject({ nodeType: 'type-of-emailOtp', field: 'otp.code' });
    const { message } = error as ResponderError;
    expect(message).toMatch(/one-time code was rejected/);
    expect(message).toMatch(/\bemail\b/);
    expect(message).toMatch(/2 attempts left/);
    expect(message).not.toContain('000000');
  });

  it('names the phone channel, and says nothing of attempts the gateway did not count', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    await responder.respond(
      nodeRequest('phoneOtp', ['VERIFY_OTP', 'RESEND_OTP'], { state: 'codeSent' }),
    );
    const error = await refusal(responder, 'phoneOtp', ['VERIFY_OTP', 'RESEND_OTP'], {
      state: 'wrongCode',
      view: { otp: { channel: 'phone', sends: 1 } },
    });
    expect(error).toBeInstanceOf(ResponderError);
    const { message } = error as ResponderError;
    expect(message).toMatch(/\bphone\b/);
    expect(message).not.toMatch(/attempts? left/);
    expect(message).not.toContain('123456');
  });

  it('gives up when the last attempt went on the profile code and the code is locked', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    await responder.respond(
      nodeRequest('emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], { state: 'codeSent' }),
    );
    const error = await refusal(responder, 'emailOtp', ['RESEND_OTP'], {
      state: 'locked.resendAllowed',
      view: { otp: { channel: 'email', sends: 1, remainingAttempts: 0 } },
    });
    expect(error).toBeInstanceOf(ResponderError);
    expect((error as ResponderError).message).toMatch(/no attempts left/);
  });

  it('tries a code from the environment that changed since the gateway rejected the last one', async () => {
    const env: Record<string, string | undefined> = { KYC_TEST_CODE: '111111' };
    const responder = createProfileResponder(
      { ...profile, otp: { env: 'KYC_TEST_CODE' } },
      { ...fakeStorage(), env },
    );
    await responder.respond(
      nodeRequest('emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], { state: 'codeSent' }),
    );
    env.KYC_TEST_CODE = '222222';
    expect(
      await responder.respond(nodeRequest('emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], wrongCode(2))),
    ).toEqual([{ type: 'VERIFY_OTP', code: '222222' }]);
    const error = await refusal(responder, 'emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], wrongCode(1));
    expect(error).toMatchObject({ field: 'otp.env' });
    expect((error as ResponderError).message).toMatch(/1 attempt left/);
  });

  it('holds a rejection against its own node only: another execution or node still gets the code once', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    await responder.respond(
      nodeRequest('emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], { state: 'codeSent' }),
    );
    await expect(
      refusal(responder, 'emailOtp', ['VERIFY_OTP', 'RESEND_OTP'], wrongCode(2)),
    ).resolves.toBeInstanceOf(ResponderError);
    // A flow restored at a wrong code: the code turned down there was not necessarily this one.
    expect(
      await responder.respond(
        nodeRequest(
          'emailOtp',
          ['VERIFY_OTP', 'RESEND_OTP'],
          wrongCode(2, { executionId: 'ex_2' }),
        ),
      ),
    ).toEqual([{ type: 'VERIFY_OTP', code: '123456' }]);
    expect(
      await responder.respond(
        nodeRequest(
          'emailOtp',
          ['VERIFY_OTP', 'RESEND_OTP'],
          wrongCode(2, { callbackKey: 'kyc:emailOtp:ex_1:2' }),
        ),
      ),
    ).toEqual([{ type: 'VERIFY_OTP', code: '123456' }]);
  });

  it('holds no rejection for a code the flow did not want, so never claims one that was not sent', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    const locked = {
      state: 'locked.resendAllowed',
      view: { otp: { channel: 'email', sends: 1, remainingAttempts: 0 } },
    } satisfies NodeRequestOptions;
    for (let ask = 0; ask < 2; ask += 1) {
      expect(await responder.respond(nodeRequest('emailOtp', ['RESEND_OTP'], locked))).toEqual([
        { type: 'RESEND_OTP' },
        { type: 'VERIFY_OTP', code: '123456' },
      ]);
    }
  });

  it('has a new code sent for a flow restored locked, then holds the code it verified there', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    const locked = (sends: number) =>
      ({
        state: 'locked.resendAllowed',
        view: { otp: { channel: 'email', sends, remainingAttempts: 0 } },
      }) satisfies NodeRequestOptions;
    expect(await responder.respond(nodeRequest('emailOtp', ['RESEND_OTP'], locked(1)))).toEqual([
      { type: 'RESEND_OTP' },
      { type: 'VERIFY_OTP', code: '123456' },
    ]);
    // Sent and checked against the new code, and turned down: never sent there again.
    const error = await refusal(responder, 'emailOtp', ['RESEND_OTP'], locked(2));
    expect(error).toBeInstanceOf(ResponderError);
    expect((error as ResponderError).message).toMatch(/no attempts left.*another code/);
  });
});
