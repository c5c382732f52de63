import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserFlow, FlowStore } from '../../src/adapters/browser/index.js';
import { createBrowserFlow } from '../../src/adapters/browser/index.js';
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
  customer: { customerId: string; email: string },
  store: FlowStore,
  polling: Record<string, number> = {},
) => {
  const flow = createBrowserFlow({
    proxyUrl: harness.proxyUrl,
    customer,
    storage: store,
    headers: { authorization: `Bearer ${TOKENS.alice}` },
    polling: { timeScale: SPEED, jitter: 0, ...polling },
    retry: { limit: 0 },
  });
  flows.push(flow);
  return flow;
};

const statusPolls = () =>
  harness.received.filter(
    (request) => new URL(request.url).searchParams.get('api') === 'workflow.execution.status',
  ).length;

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** A stand-in for the page's `document` and `window`, to flip visibility and the network. */
const stubPage = () => {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const window = new EventTarget();
  const navigator = { onLine: true };
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  vi.stubGlobal('navigator', navigator);
  return {
    hide() {
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    show() {
      document.visibilityState = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    online() {
      navigator.onLine = true;
      window.dispatchEvent(new Event('online'));
    },
  };
};

describe('createBrowserFlow', () => {
  it('resumes a saved flow on the next page load: one registration, one start, then cleared', async () => {
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
    // A final outcome forgets the saved flow: the next visit starts afresh.
    expect(store.items.size).toBe(0);
  });

  it('polls nothing while the page is hidden, and carries on once it is visible', async () => {
    const page = stubPage();
    const customer = newCustomer('minimal');
    const flow = browserFlow(customer, memoryStore()).run();
    await viewWhere(flow, (view) => view.step === 'particulars');

    page.hide();
    flow.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    await viewWhere(flow, (view) => view.state === 'tracking.polling');
    const held = statusPolls();
    // Long enough for dozens of polls at this speed, were they let through.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(statusPolls()).toBe(held);
    expect(flow.getView().state).toBe('tracking.polling');

    page.show();
    await viewWhere(flow, (view) => view.step === 'liveness');
    expect(statusPolls()).toBeGreaterThan(held);
  });

  it('reads the execution at once when the page is visible again, not at the next deadline', async () => {
    const page = stubPage();
    const customer = newCustomer('minimal');
    // While the flow waits for the customer it would look again only in ten minutes.
    const tenMinutes = 600_000 * SPEED;
    const flow = browserFlow(customer, memoryStore(), { awaitingHostIntervalMs: tenMinutes });
    flow.run();
    await viewWhere(flow, (view) => view.step === 'particulars');
    const before = statusPolls();

    page.hide();
    page.show();
    await until(() => statusPolls() > before);
  });

  it('retries a suspended flow as soon as the browser is back online', async () => {
    const page = stubPage();
    const customer = newCustomer('minimal');
    // Without the `online` event this flow would stay suspended for ten minutes.
    const tenMinutes = 600_000 * SPEED;
    const flow = browserFlow(customer, memoryStore(), {
      retryDelayMs: tenMinutes,
      maxRetryDelayMs: tenMinutes,
    });
    harness.sandbox.injectFaults({ kind: 'http-503', method: 'workflow.apply.submit', times: 1 });
    flow.run();
    await viewWhere(flow, (view) => view.step === 'suspended');

    page.online();
    await viewWhere(flow, (view) => view.step === 'particulars');
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
