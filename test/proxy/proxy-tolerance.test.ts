import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/index.js';
import type { FlowEmitted, FlowView } from '../../src/machine/types.js';
import { hostFromView } from '../resilience/view-host.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

/**
 * The browser's client carries no schema: what the proxy relays is what the page reads. A
 * gateway that sends a node's config and the result as JSON text (the deviant sandbox) must
 * reach the page read, as the server's client would read it.
 */
describe('a browser flow through the proxy, against a gateway that encodes its answers', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      sandbox: { dialect: 'deviant', scenario: 'full' },
      // The host gives its files by address (`view-host.ts`), uploaded elsewhere.
      proxy: { uploads: { fileAddresses: 'any' } },
    });
  });
  afterAll(() => harness.close());

  it('reads the config and the result decoded, and finishes with the gateway’s decision', async () => {
    const customer = {
      customerId: 'C_tolerant_1',
      email: 'tolerant@example.com',
      phone: '+6590000001',
      referenceId: 'ref-tolerant-1',
    };
    // The harness's sandbox runs 50× faster; the flow's polling keeps pace with it.
    const flow = createKycFlow({
      client: harness.client('alice'),
      customer,
      polling: { timeScale: 50 },
    });
    const seen: FlowView[] = [];
    flow.subscribe((view) => seen.push(view));
    const stop = hostFromView(flow, { retry: false });
    flow.start();
    const outcome = await flow.whenDone();
    stop();

    expect(outcome).toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
      result: { decision: 'approved', vendorTrace: 'sandbox-deviant' },
    });
    const identity = seen.find((view) => view.step === 'identityDocument')?.node;
    // Sent as JSON text with a type the client does not know: decoded, that type left out.
    expect(identity?.config?.acceptedDocumentTypes).toEqual(
      expect.arrayContaining(['NATIONAL_ID', 'INTERNATIONAL_PASSPORT']),
    );
    expect(identity?.config?.acceptedDocumentTypes).not.toContain('VOTER_ID');
    expect(harness.sandbox.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });
});

/**
 * The guide shows no answer to the OTP send or verify. A gateway that answers the send with
 * its requestId under another name (`otpId`) and a verify it took with no `verified` at all
 * must carry a page on as the server's client would: the proxy reads the answer and relays
 * what it read, so the page's schema-free codec gets the requestId and the taken verify.
 */
describe('a browser flow through the proxy, against a gateway silent on the OTP', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    const otpOnly = {
      name: 'otp-only',
      steps: ['emailOtp' as const],
      outcome: 'APPROVED' as const,
    };
    harness = await startProxyHarness({
      sandbox: { scenarios: [otpOnly], scenario: otpOnly },
      proxy: {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          const api = new URL(request.url).searchParams.get('api');
          const answer = await fetch(request);
          if (api !== 'workflow.kyc.otp.send' && api !== 'workflow.kyc.otp.verify') return answer;
          const body = (await answer.json()) as { data: { requestId?: string } };
          const data =
            api === 'workflow.kyc.otp.send' ? { otpId: body.data.requestId } : { success: true };
          return Response.json({ ...body, data });
        },
      },
    });
  });
  afterAll(() => harness.close());

  it('sends the requestId back and goes on with the code taken', async () => {
    const customer = {
      customerId: 'C_tolerant_otp',
      email: 'otp@example.com',
      referenceId: 'ref-tolerant-otp',
    };
    const flow = createKycFlow({
      client: harness.client('alice'),
      customer,
      polling: { timeScale: 50 },
    });
    const told: FlowEmitted[] = [];
    flow.on('otpVerified', (event) => told.push(event));
    const stop = hostFromView(flow, { retry: false });
    flow.start();
    const ended = await new Promise<FlowView>((resolve) => {
      const off = flow.subscribe((view) => {
        if (!view.done && view.state !== 'needsAttention') return;
        queueMicrotask(() => off());
        resolve(view);
      });
    });
    stop();
    expect(ended).toMatchObject({ done: true, outcome: { decision: 'APPROVED' } });
    expect(harness.events).toEqual([]);
    // The proxy relays what the gateway said, not a `verified: true` it never sent.
    expect(told).toEqual([{ type: 'otpVerified', channel: 'email', unconfirmed: true }]);
  });
});
