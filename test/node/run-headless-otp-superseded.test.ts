import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import type { HeadlessEvent } from '../../src/adapters/node/run-events.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import type { FlowError } from '../../src/machine/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';

/**
 * An OTP send whose first attempt timed out at the client but reached the gateway, and was
 * applied there only after the retry's answer and the code's cooldown (a loaded gateway, a
 * request held in a queue): the gateway took it as a resend, so the requestId the flow holds
 * no longer verifies. Played with the sandbox's faults, at fixed times:
 * - send, attempt 1: `slow` (applied SLOW_MS later); the client gives up on it at TIMEOUT_MS
 *   and retries at once-ish (ky's jitter, under 250 ms): attempt 2 is a first send (code A);
 * - attempt 1 lands at SLOW_MS, past A's cooldown: a resend (code B; A is superseded);
 * - verify with A, attempt 1: `http-503` with `Retry-After: 3` (attempt 2 after B is out),
 *   then refused: `999301 requestId: superseded by a resend`. The run used to give up there
 *   with a ResponderError (the CLI's exit 19: "fix the profile") as the profile gave the
 *   same code again.
 */
const SPEED = 25;
const TIMEOUT_MS = 500;
const SLOW_MS = 2_500;
const COOLDOWN_MS = 200;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    speed: SPEED,
    scenario: { name: 'phone-otp', steps: ['phoneOtp'], outcome: 'APPROVED' },
    otpCooldownMs: COOLDOWN_MS * SPEED,
    faults: { rate: 0, slowMs: SLOW_MS * SPEED, retryAfterSeconds: 3 },
  });
});
afterAll(() => sandbox.close());

describe('runHeadless, an OTP code superseded by a resend it never heard of', () => {
  it('sends for the newest requestId and verifies the profile code: completed, not a ResponderError', async () => {
    const client = createGatewayClient({
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
      timeoutMs: TIMEOUT_MS,
    });
    const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
    sandbox.injectFaults({ kind: 'slow', method: 'workflow.kyc.otp.send' });
    sandbox.injectFaults({ kind: 'http-503', method: 'workflow.kyc.otp.verify' });
    const errors: FlowError[] = [];
    const sent: string[] = [];
    const onEvent = (event: HeadlessEvent) => {
      if (event.type === 'flow' && event.event.type === 'error') errors.push(event.event.error);
      if (event.type === 'sent') sent.push(event.event);
    };
    const result = await runHeadless({
      client,
      customer: { customerId: 'C_superseded', email: 'superseded@example.com' },
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
      onEvent,
    });
    // The sequence happened: the code the flow held was refused as superseded.
    expect(errors.map((error) => error.message)).toContainEqual(
      expect.stringMatching(/requestId: superseded by a resend/),
    );
    expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    // Refused on its retry, the verify is no verdict (its first attempt may have been taken):
    // the status read finds the node waiting, the code goes once more and is refused again.
    // Then the latest requestId, fetched by a resend, and the profile's code verified under it.
    expect(sent).toEqual(['SEND_OTP', 'VERIFY_OTP', 'VERIFY_OTP', 'RESEND_OTP', 'VERIFY_OTP']);
  });

  it('sends at most two codes more for a gateway that names requestId in every refusal, then stops', async () => {
    // Every verify refused naming requestId, whatever the flow holds: no resend ever helps.
    const refusing: typeof fetch = (input, init) =>
      new URL(String(input)).searchParams.get('api') === 'workflow.kyc.otp.verify'
        ? Promise.resolve(
            Response.json({ apiCode: 999301, apiMsg: 'requestId: not known', data: null }),
          )
        : fetch(input, init);
    const client = createGatewayClient({
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
      fetch: refusing,
    });
    const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
    const sends = () => sandbox.stats().calls['workflow.kyc.otp.send'] ?? 0;
    const before = sends();
    const result = await runHeadless({
      client,
      customer: { customerId: 'C_never_verified', email: 'never.verified@example.com' },
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
    });
    expect(result).toMatchObject({ status: 'needsAttention', error: { code: 'ANSWER_NOT_TAKEN' } });
    // The first code and two resends: each is a message to the customer.
    expect(sends() - before).toBe(3);
  });
});
