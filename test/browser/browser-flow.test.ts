import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserFlow, FlowStore } from '../../src/adapters/browser/index.js';
import { createBrowserFlow } from '../../src/adapters/browser/index.js';
import { customerMessageOf } from '../../src/machine/customer-message.js';
import { type ProxyHarness, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { SAMPLES } from '../proxy/samples.js';
import { memoryStore, viewWhere } from '../support/browser-flow.js';

/** Sandbox durations and the flow's polling compress alike. */
const SPEED = 100;

let harness: ProxyHarness;
beforeAll(async () => {
  harness = await startProxyHarness({ sandbox: { speed: SPEED, seed: 3 } });
});
afterAll(() => harness.close());

const flows: BrowserFlow[] = [];
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
  vi.unstubAllGlobals();
});

let customers = 0;
const newCustomer = (scenario: string) => {
  customers += 1;
  return { customerId: `C_browser_${customers}+${scenario}`, email: `b${customers}@example.com` };
};

const browserFlow = (
  customer: { customerId: string; email: string; referenceId?: string },
  store: FlowStore,
) => {
  const flow = createBrowserFlow({
    proxyUrl: harness.proxyUrl,
    customer,
    storage: store,
    headers: { authorization: `Bearer ${TOKENS.alice}` },
    polling: { timeScale: SPEED, jitter: 0 },
    retry: { limit: 0 },
  });
  flows.push(flow);
  return flow;
};

// Hidden pages, the network coming back: test/browser/hidden-offline-page.test.ts, on a fake clock.

describe('createBrowserFlow', () => {
  it('resumes a saved flow on the next page load: one registration, one start, then the outcome alone', async () => {
    const store = memoryStore();
    const customer = newCustomer('minimal');
    const before = harness.sandbox.stats();

    const first = browserFlow(customer, store).run();
    const waiting = await viewWhere(first, (view) => view.step === 'particulars');
    // The page goes away mid-flow.
    first.stop();
    expect(store.items.size).toBe(1);

    const second = browserFlow(customer, store).run();
    expect(second.getView().executionId).toBe(waiting.executionId);
    second.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    await viewWhere(second, (view) => view.step === 'liveness');
    const progress: number[] = [];
    await second.actions.submitLiveness(
      { face: new File([SAMPLES.jpeg], 'selfie.jpg', { type: 'image/jpeg' }) },
      { onProgress: ({ loaded }) => progress.push(loaded) },
    );
    const outcome = await second.whenDone();

    expect(outcome).toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
      executionId: waiting.executionId,
    });
    expect(progress.at(-1)).toBe(SAMPLES.jpeg.length);
    const after = harness.sandbox.stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.starts - before.starts).toBe(1);
    // What stays is the outcome: nothing the customer gave, nothing the gateway said of her.
    const [kept = ''] = store.items.values();
    expect(store.items.size).toBe(1);
    expect(kept).toContain(waiting.executionId);
    for (const personal of [customer.email, 'Jane Doe', '1990-01-15', 'selfie', '"result"']) {
      expect(kept).not.toContain(personal);
    }
  });

  it('tells the outcome again on a page loaded after it, sending nothing; a new referenceId starts afresh', async () => {
    const store = memoryStore();
    const customer = newCustomer('minimal');
    const first = browserFlow(customer, store).run();
    await viewWhere(first, (view) => view.step === 'particulars');
    first.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    await viewWhere(first, (view) => view.step === 'liveness');
    await first.actions.submitLiveness({
      face: new File([SAMPLES.jpeg], 'selfie.jpg', { type: 'image/jpeg' }),
    });
    const outcome = await first.whenDone();
    first.stop();
    const before = harness.sandbox.stats();
    const calls = Object.values(before.calls).reduce((sum, count) => sum + count, 0);

    // The page is loaded again (a reload, the back button, the route opened again).
    const again = browserFlow(customer, store).run();
    expect(again.getView()).toMatchObject({ step: 'completed', executionId: outcome.executionId });
    await expect(again.whenDone()).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
      executionId: outcome.executionId,
    });
    again.stop();
    const after = harness.sandbox.stats();
    expect(Object.values(after.calls).reduce((sum, count) => sum + count, 0)).toBe(calls);

    // The host names another verification of the same customer: it starts.
    const next = browserFlow({ ...customer, referenceId: 'second-verification' }, store).run();
    const started = await viewWhere(next, (view) => view.step === 'particulars');
    expect(started.executionId).not.toBe(outcome.executionId);
    expect(harness.sandbox.stats().starts - after.starts).toBe(1);
  });

  it('runs again after stop(), from the saved flow: the same execution, nothing sent twice', async () => {
    const store = memoryStore();
    const customer = newCustomer('minimal');
    const before = harness.sandbox.stats();
    const flow = browserFlow(customer, store).run();
    const waiting = await viewWhere(flow, (view) => view.step === 'particulars');
    flow.stop();
    // A host that stops a flow (a route left, a modal closed) and runs it again later.
    flow.run();
    expect(flow.getView()).toMatchObject({
      step: 'particulars',
      executionId: waiting.executionId,
    });
    flow.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    await viewWhere(flow, (view) => view.step === 'liveness');
    await flow.actions.submitLiveness({
      face: new File([SAMPLES.jpeg], 'selfie.jpg', { type: 'image/jpeg' }),
    });
    await expect(flow.whenDone()).resolves.toMatchObject({
      status: 'completed',
      executionId: waiting.executionId,
    });
    const after = harness.sandbox.stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.starts - before.starts).toBe(1);
  });

  it("keeps the proxy's own refusal codes: a signed-out caller, another caller's customer", async () => {
    const signedOut = createBrowserFlow({
      proxyUrl: harness.proxyUrl,
      customer: newCustomer('minimal'),
      storage: false,
      polling: { timeScale: SPEED, jitter: 0 },
      retry: { limit: 0 },
    });
    flows.push(signedOut.run());
    const refused = await viewWhere(signedOut, (view) => view.step === 'needsAttention');
    expect(refused.error).toMatchObject({ code: 'PROXY_UNAUTHENTICATED', retryable: true });
    expect(refused.error?.message).toContain('not signed in');
    expect(customerMessageOf(refused.error ?? { code: '' })).toMatch(/sign in again/);

    const alices = newCustomer('minimal');
    await viewWhere(
      browserFlow(alices, memoryStore()).run(),
      (view) => view.step === 'particulars',
    );
    const bobs = createBrowserFlow({
      proxyUrl: harness.proxyUrl,
      customer: alices,
      storage: false,
      headers: { authorization: `Bearer ${TOKENS.bob}` },
      polling: { timeScale: SPEED, jitter: 0 },
      retry: { limit: 0 },
    });
    flows.push(bobs.run());
    const foreign = await viewWhere(bobs, (view) => view.step === 'needsAttention');
    expect(foreign.error?.code).toBe('PROXY_FOREIGN_CUSTOMER');
    expect(customerMessageOf(foreign.error ?? { code: '' })).toMatch(/another account/);
  });

  it('stops at needsAttention behind a proxy the gateway refuses, instead of trying forever', async () => {
    const misconfigured = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: { apiSecret: 'sk_wrong' },
    });
    try {
      const flow = createBrowserFlow({
        proxyUrl: misconfigured.proxyUrl,
        customer: newCustomer('minimal'),
        storage: false,
        headers: { authorization: `Bearer ${TOKENS.alice}` },
        polling: { timeScale: SPEED, jitter: 0 },
      });
      flows.push(flow.run());
      const stuck = await viewWhere(flow, (view) => view.step === 'needsAttention');
      expect(stuck.error).toMatchObject({ code: 'PROXY_UPSTREAM_REFUSED', retryable: true });
      expect(customerMessageOf(stuck.error ?? { code: '' })).toMatch(/try again later/);
      // One registration asked, refused once: not tried again by ky, nor by the chart.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(misconfigured.events.map((event) => event.refusal)).toEqual(['upstreamRefused']);
      expect(flow.getView().step).toBe('needsAttention');
    } finally {
      await misconfigured.close();
    }
  });

  it('holds an action sent while stopped until run() carries on; with nothing saved, says it is ignored', async () => {
    const customer = newCustomer('minimal');
    const flow = browserFlow(customer, memoryStore()).run();
    await viewWhere(flow, (view) => view.step === 'particulars');
    const submissions = () => harness.sandbox.stats().calls['workflow.kyc.particular.data'] ?? 0;
    const before = submissions();
    flow.stop();
    flow.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(submissions()).toBe(before);
    flow.run();
    await viewWhere(flow, (view) => view.step === 'liveness');
    expect(submissions()).toBe(before + 1);

    const unsaved = createBrowserFlow({
      proxyUrl: harness.proxyUrl,
      customer: newCustomer('minimal'),
      storage: false,
      headers: { authorization: `Bearer ${TOKENS.alice}` },
      polling: { timeScale: SPEED, jitter: 0 },
    });
    flows.push(unsaved.run());
    await viewWhere(unsaved, (view) => view.step === 'particulars');
    unsaved.stop();
    const ignored: unknown[] = [];
    unsaved.on('eventIgnored', (event) => ignored.push(event));
    unsaved.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    expect(ignored).toEqual([
      expect.objectContaining({ eventType: 'SUBMIT_PARTICULARS', reason: 'the flow is stopped' }),
    ]);
  });

  it('refuses an API secret', () => {
    expect(() =>
      createBrowserFlow({
        proxyUrl: harness.proxyUrl,
        customer: newCustomer('minimal'),
        // @ts-expect-error a browser flow has no place for the secret
        apiSecret: 'sk_sandbox',
      }),
    ).toThrow(/apiSecret/);
  });
});
