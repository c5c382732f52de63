import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { customerMessageOf } from '../../src/machine/customer-message.js';
import type { FlowView } from '../../src/machine/types.js';
import type { Scenario } from '../../src/sandbox/index.js';
import { WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import { hostFor } from '../machine/host.js';
import { customerFor, openSandbox, SPEED } from '../machine/sandbox-harness.js';
import { envelopeResponse, rewritingClient } from './rewriting-client.js';

/**
 * The guide shows no refusal of `workflow.kyc.otp.send`. A real gateway may refuse a send
 * too soon after an earlier code (another device's, a run before a crash) with its cooldown
 * code and a `Retry-After`, before the flow holds any requestId. The flow must wait the time
 * it named, then send again by itself; a host that answers whatever the view asks (as a page
 * does) must not be led to send again and again inside it.
 */

const OTP_SEND = 'workflow.kyc.otp.send';
const otpOnly: Scenario = { name: 'otp-only', steps: ['emailOtp'], outcome: 'APPROVED' };
const COOLDOWN_MS = 1_000;

describe('a first OTP send refused for its cooldown', () => {
  it('waits the Retry-After the gateway named, then sends once more by itself, and carries on', async () => {
    const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
    // A gateway whose cooldown ends a second after the first send it refused.
    let refusedAt: number | undefined;
    const gateway = rewritingClient(sandbox, (method) => {
      if (method !== OTP_SEND) return undefined;
      refusedAt ??= Date.now();
      if (Date.now() >= refusedAt + COOLDOWN_MS) return undefined;
      const left = Math.ceil((refusedAt + COOLDOWN_MS - Date.now()) / 1000);
      const refusal = {
        apiCode: WORKFLOW_CODES.OTP_COOLDOWN,
        apiMsg: 'resend too soon',
        data: null,
      };
      return envelopeResponse(refusal, { 'Retry-After': String(left) });
    });
    const flow = createKycFlow({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
    });
    const views: FlowView[] = [];
    flow.subscribe((view) => views.push(view));
    hostFor(flow);
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });

    const sends = gateway.of(OTP_SEND).map((call) => call.at);
    expect(sends).toHaveLength(2);
    expect((sends[1] ?? 0) - (sends[0] ?? 0)).toBeGreaterThanOrEqual(COOLDOWN_MS);
    // While it waited, the host saw until when, and why.
    const waiting = views.find((view) => view.error?.apiCode === WORKFLOW_CODES.OTP_COOLDOWN);
    expect(waiting).toMatchObject({ step: 'suspended', error: { retryable: true } });
    expect(waiting?.notBefore).toBeGreaterThanOrEqual((sends[0] ?? 0) + COOLDOWN_MS);
    // …and the customer is told the code is coming, not asked to send for one.
    const told = waiting?.error ? customerMessageOf(waiting.error) : '';
    expect(told).toMatch(/send your code in a moment/);
    expect(told).not.toMatch(/ask for/i);
  });
});
