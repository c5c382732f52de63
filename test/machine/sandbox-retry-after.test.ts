import { afterEach, describe, expect, it } from 'vitest';
import { sleepUntil } from '../../src/machine/actors/sleep.js';
import { createKycFlow, type KycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowEmitted, PersistedFlow } from '../../src/machine/types.js';
import type { Sandbox, Scenario } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import { hostFor } from './host.js';
import { customerFor, openSandbox, SPEED, viewWhere } from './sandbox-harness.js';

const otpOnly: Scenario = { name: 'otp-only', steps: ['emailOtp'], outcome: 'APPROVED' };
const HOUR_MS = 3_600_000;

const flows: KycFlow[] = [];
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A gateway that refuses the OTP sends `refusals` times with HTTP 429 and `Retry-After`, and
 * a client whose own waiting (ky's) is capped at 50 ms, as a production client's is at 5 s.
 * Each send is timed as it leaves; every wait of the flow can be ended early, as a page
 * shown again ends them.
 */
async function refusedSends(retryAfterSeconds: number, refusals: number) {
  const sandbox = await openSandbox({
    scenarios: [otpOnly],
    scenario: otpOnly,
    faults: { rate: 0, retryAfterSeconds },
  });
  sandbox.injectFaults({ kind: 'http-429', method: 'workflow.kyc.otp.send', times: refusals });
  const sends: number[] = [];
  const client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    ...sandbox.credentials,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 50 },
    fetch: (input, init) => {
      if (String(input).includes('api=workflow.kyc.otp.send')) sends.push(Date.now());
      return globalThis.fetch(input, init);
    },
  });
  const customer = customerFor();
  const wakers = new Set<() => void>();
  const start = (snapshot?: PersistedFlow) => {
    const flow = createKycFlow({
      client,
      customer,
      polling: { timeScale: SPEED },
      sleep: (until, signal) => sleepUntil(until, signal, wakers),
      ...(snapshot ? { snapshot } : {}),
    });
    flows.push(flow);
    const events: FlowEmitted[] = [];
    flow.on('*', (event) => events.push(event));
    hostFor(flow);
    return { flow, events };
  };
  const wake = () => {
    for (const waker of [...wakers]) waker();
  };
  return { sandbox, sends, start, wake };
}

const otpSends = (sandbox: Sandbox) => sandbox.stats().calls['workflow.kyc.otp.send'] ?? 0;

describe("a gateway's Retry-After on an OTP send", () => {
  it('an hour: sent once in it, however the flow is woken, told to RETRY or restored', async () => {
    const { sandbox, sends, start, wake } = await refusedSends(3600, 100);
    const { flow, events } = start();
    flow.start().send({ type: 'START' });
    const suspended = await viewWhere(flow, (view) => view.step === 'suspended');
    // The host sees until when, and why.
    expect(suspended.error).toMatchObject({ code: 'TRANSPORT_ERROR', retryable: true });
    expect(suspended.notBefore).toBeGreaterThanOrEqual((sends[0] ?? 0) + HOUR_MS);
    expect(suspended.notBefore).toBeLessThan((sends[0] ?? 0) + HOUR_MS + 10_000);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'suspended', notBefore: suspended.notBefore }),
    );

    for (let round = 0; round < 5; round += 1) {
      wake();
      flow.send({ type: 'RETRY' });
      await pause(50);
    }
    expect(flow.getView().step).toBe('suspended');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'eventIgnored', eventType: 'RETRY' }),
    );

    // Restored (another process, a later run): it waits for the same hour.
    const saved = flow.persist();
    flow.stop();
    const restored = start(saved).flow.start();
    expect(restored.getView()).toMatchObject({ step: 'suspended', notBefore: suspended.notBefore });
    wake();
    restored.send({ type: 'RETRY' });
    await pause(200);
    expect(restored.getView().step).toBe('suspended');
    expect(sends).toHaveLength(1);
    expect(otpSends(sandbox)).toBe(1);
  });

  it('past the client’s own cap but short: the flow waits the rest by itself, then carries on', async () => {
    const { sandbox, sends, start } = await refusedSends(1, 1);
    const { flow, events } = start();
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(events.some((event) => event.type === 'suspended')).toBe(true);
    expect(sends).toHaveLength(2);
    expect((sends[1] ?? 0) - (sends[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(otpSends(sandbox)).toBe(2);
  });
});
