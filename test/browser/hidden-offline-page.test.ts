import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BrowserFlow, createBrowserFlow } from '../../src/adapters/browser/index.js';
import { createSandboxGateway, type SandboxGateway } from '../../src/sandbox/index.js';
import { inProcessProxy, memoryStore, viewWhere } from '../support/browser-flow.js';
import { fakeClockSteps } from '../support/fake-clock-steps.js';

/**
 * The browser flow on a page that hides and goes offline, on a fake clock and at real
 * durations (the guide's 2–5 s polls, ten-minute waits): the flow, the proxy and the sandbox
 * gateway talk in-process, fetch to fetch, so an hour passes in no time and "at once" means
 * with the clock standing still.
 */

const MINUTE = 60_000;

// The tab lock's code loads on demand when a flow begins. Loaded here first, so that a flow
// begins within the few turns `requestsDone` waits, however busy the machine is: the fake
// clock has nothing to move while an import is read from disk.
await import('../../src/adapters/browser/tab-lock.js');

let gateway: SandboxGateway;
let reads: string[];
let inFlight = 0;
const flows: BrowserFlow[] = [];
let customers = 0;

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  gateway = createSandboxGateway({ seed: 3 });
  reads = [];
});
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Status reads that reached the proxy. */
const statusReads = () => reads.filter((api) => api === 'workflow.execution.status').length;

/** A flow whose fetch is the host's proxy, whose upstream fetch is the sandbox gateway. */
const browserFlow = (polling: Record<string, number> = {}) => {
  const proxy = inProcessProxy(gateway);
  const flow = createBrowserFlow({
    proxyUrl: 'https://app.test/api/kyc',
    customer: {
      customerId: `C_page_${++customers}+minimal`,
      email: `page${customers}@example.com`,
    },
    storage: memoryStore(),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      reads.push(new URL(request.url).searchParams.get('api') ?? '');
      inFlight += 1;
      try {
        return await proxy(request);
      } finally {
        inFlight -= 1;
      }
    },
    polling: { jitter: 0, ...polling },
    retry: { limit: 0 },
  });
  flows.push(flow);
  return flow.run();
};

const { requestsDone, stepUntil } = fakeClockSteps(() => inFlight);

/** A stand-in for the page's `document` and `window`, to flip visibility and the network. */
const stubPage = () => {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const window = new EventTarget();
  const navigator = { onLine: true };
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  vi.stubGlobal('navigator', navigator);
  const visibility = (state: 'hidden' | 'visible') => {
    document.visibilityState = state;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  return {
    hide: () => visibility('hidden'),
    show: () => visibility('visible'),
    offline() {
      navigator.onLine = false;
      window.dispatchEvent(new Event('offline'));
    },
    online() {
      navigator.onLine = true;
      window.dispatchEvent(new Event('online'));
    },
  };
};

/** Ten minutes of the page as it is, requests done every ten seconds. */
const tenMinutes = async () => {
  for (let i = 0; i < 60; i += 1) {
    await requestsDone();
    await vi.advanceTimersByTimeAsync(10_000);
  }
  await requestsDone();
};

const JANE = { name: 'Jane Doe', dateOfBirth: '1990-01-15', nationality: 'SG' };

describe('a browser flow on a page that hides and goes offline', () => {
  it('polls nothing while the page is hidden, for an hour, and reads at once when it is visible', async () => {
    const page = stubPage();
    const flow = browserFlow();
    await stepUntil(flow, (view) => view.step === 'particulars');

    page.hide();
    flow.actions.submitParticulars(JANE);
    await stepUntil(flow, (view) => view.state === 'tracking.polling');
    const held = statusReads();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    await requestsDone();
    expect(statusReads()).toBe(held);
    expect(flow.getView().state).toBe('tracking.polling');

    // The clock stands still from here: only the page becoming visible moves the flow.
    page.show();
    await viewWhere(flow, (view) => view.step === 'liveness');
    expect(statusReads()).toBe(held + 1);
  });

  it('reads the execution at once when the page is visible again, not at the next deadline', async () => {
    const page = stubPage();
    // While the flow waits for the customer it would look again only in ten minutes.
    const flow = browserFlow({ awaitingHostIntervalMs: 10 * MINUTE });
    await stepUntil(flow, (view) => view.step === 'particulars');
    const before = statusReads();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await requestsDone();
    expect(statusReads()).toBe(before);

    page.hide();
    page.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(statusReads()).toBe(before + 1);
  });

  it('retries a suspended flow as soon as the browser is back online, not after its back-off', async () => {
    const page = stubPage();
    gateway.injectFaults({ kind: 'http-503', method: 'workflow.apply.submit', times: 1 });
    // Without the `online` event this flow would stay suspended for ten minutes.
    const flow = browserFlow({ retryDelayMs: 10 * MINUTE, maxRetryDelayMs: 10 * MINUTE });
    await stepUntil(flow, (view) => view.step === 'suspended');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await requestsDone();
    expect(flow.getView().step).toBe('suspended');

    const onlineAt = Date.now();
    page.online();
    await stepUntil(flow, (view) => view.step === 'particulars');
    expect(Date.now() - onlineAt).toBeLessThan(MINUTE);
  });

  it('polls again after run() on a visible page, though it was stopped while the page was hidden', async () => {
    const page = stubPage();
    const flow = browserFlow();
    await stepUntil(flow, (view) => view.step === 'particulars');
    // The app leaves the KYC route while the tab is in the background (a timer, a redirect),
    // and the customer comes back to the tab, then to the route.
    page.hide();
    flow.stop();
    page.show();
    flow.run();
    flow.actions.submitParticulars(JANE);
    const before = statusReads();
    await tenMinutes();
    expect(statusReads()).toBeGreaterThan(before);
    expect(flow.getView().step).toBe('liveness');
  });

  it('polls again after run() online, though it was stopped while offline', async () => {
    const page = stubPage();
    const flow = browserFlow();
    await stepUntil(flow, (view) => view.step === 'particulars');
    page.offline();
    flow.stop();
    page.online();
    flow.run();
    flow.actions.submitParticulars(JANE);
    await tenMinutes();
    expect(flow.getView().step).toBe('liveness');
  });
});
