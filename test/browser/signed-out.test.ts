import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerMessageOf } from '../../src/machine/customer-message.js';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { SAMPLES } from '../proxy/samples.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { bundleEntry } from './handoff-site.js';

/**
 * The host's own sign-in layer sits in front of the proxy's route. When the customer's
 * session runs out, that layer answers the route itself: a 302 to its login page (the
 * common way), or a 401 page of its own. The customer is asked to sign in again after one
 * call (not told the servers are out of reach and retried for ever, nor "try again
 * later"), and RETRY carries on once they have.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>kyc</title>
<script type="module" src="/page.js"></script>`;
const PAGE_SCRIPT = `import * as kyc from '/kyc/index.js';
window.kyc = kyc;
window.ready = true;`;

type SignedOut = '302 to the login page' | '401 page';

interface Site {
  readonly url: string;
  /** How the sign-in layer answers, or `undefined` while the customer is signed in. */
  signedOut: SignedOut | undefined;
  /** Calls the sign-in layer answered itself. */
  turnedAway: number;
  close(): Promise<void>;
}

interface Seen {
  readonly step: string;
  readonly code?: string;
  readonly message?: string;
}

type Kyc = typeof import('../../src/adapters/browser/index.js');
type PageWindow = {
  kyc: Kyc;
  flow: ReturnType<Kyc['createBrowserFlow']>;
  stepNow: (step: string) => Promise<Seen>;
};

const startSite = async (harness: ProxyHarness): Promise<Site> => {
  const files = await bundleEntry();
  const state = { signedOut: undefined as SignedOut | undefined, turnedAway: 0 };
  const served = await serveOnLoopback(async (request) => {
    const { pathname, search } = new URL(request.url);
    if (pathname === '/api/kyc') {
      if (state.signedOut === '302 to the login page') {
        state.turnedAway += 1;
        return new Response(null, { status: 302, headers: { location: '/login' } });
      }
      if (state.signedOut === '401 page') {
        state.turnedAway += 1;
        const html = '<!doctype html><title>Sign in</title><a href="/login">Sign in</a>';
        return new Response(html, { status: 401, headers: { 'content-type': 'text/html' } });
      }
      // Signed in: the host's front passes the call on to the proxy.
      const headers = new Headers(request.headers);
      for (const name of [...headers.keys()]) {
        if (name === 'origin' || name.startsWith('sec-fetch-')) headers.delete(name);
      }
      const body = await request.arrayBuffer();
      return harness.handle(
        new Request(`${harness.proxyUrl}${search}`, { method: 'POST', headers, body }),
      );
    }
    const script = pathname === '/page.js' ? PAGE_SCRIPT : files.get(pathname);
    if (script !== undefined) {
      return new Response(script, { headers: { 'content-type': 'text/javascript' } });
    }
    const html = pathname === '/login' ? '<!doctype html><title>Sign in</title>' : PAGE;
    return new Response(html, { headers: { 'content-type': 'text/html' } });
  });
  return Object.assign(state, served);
};

/** A page whose flow runs for `customerId` through the site's `/api/kyc`. */
const openFlow = async (browser: Browser, site: Site, customerId: string): Promise<Page> => {
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
  await page.evaluate(
    ({ proxyUrl, token, customerId }) => {
      const w = window as unknown as PageWindow;
      w.flow = w.kyc.createBrowserFlow({
        proxyUrl,
        customer: { customerId },
        storage: false,
        headers: { authorization: `Bearer ${token}` },
        polling: { timeScale: 100, jitter: 0 },
        retry: { limit: 0 },
      });
      w.stepNow = (step) =>
        new Promise((resolve) => {
          const stop = w.flow.subscribe((view) => {
            if (view.step !== step) return;
            stop();
            resolve({ step: view.step, code: view.error?.code, message: view.error?.message });
          });
        });
    },
    { proxyUrl: `${site.url}/api/kyc`, token: TOKENS.alice, customerId },
  );
  return page;
};

const waitForStep = (page: Page, step: string, run = false) =>
  page.evaluate(
    ({ step, run }) => {
      const w = window as unknown as PageWindow;
      const seen = w.stepNow(step);
      if (run) w.flow.run();
      return seen;
    },
    { step, run },
  );

describeWithChromium("a customer signed out by the host's sign-in layer", () => {
  let harness: ProxyHarness;
  let site: Site;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startProxyHarness({ sandbox: { speed: 100, seed: 17 } });
    site = await startSite(harness);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  describe.each<SignedOut>(['302 to the login page', '401 page'])(
    'answered with a %s',
    (signedOut) => {
      it('is asked to sign in again after one call, and carries on once signed in', async () => {
        const page = await openFlow(browser, site, `C_signed_out_${signedOut.length}+minimal`);
        site.signedOut = signedOut;
        site.turnedAway = 0;
        const refused = await waitForStep(page, 'needsAttention', true);
        expect(refused).toMatchObject({ step: 'needsAttention', code: 'PROXY_UNAUTHENTICATED' });
        expect(customerMessageOf({ code: refused.code ?? '' })).toMatch(/sign in again/);
        // Nothing more is tried while the customer is away signing in.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(site.turnedAway).toBe(1);

        site.signedOut = undefined;
        const carried = await page.evaluate(() => {
          const w = window as unknown as PageWindow;
          const seen = w.stepNow('particulars');
          w.flow.actions.retry();
          return seen;
        });
        expect(carried.step).toBe('particulars');
        await page.close();
      }, 60_000);
    },
  );

  it('is asked to sign in again when an upload is turned away to the login page', async () => {
    const page = await openFlow(browser, site, 'C_signed_out_upload+minimal');
    site.signedOut = undefined;
    await waitForStep(page, 'particulars', true);
    site.signedOut = '302 to the login page';
    const failed = await page.evaluate(async (bytes) => {
      const w = window as unknown as PageWindow;
      const file = new File([new Uint8Array(bytes)], 'selfie.jpg', { type: 'image/jpeg' });
      return w.flow.upload(file).then(
        () => 'uploaded',
        (error: { name?: string; apiMsg?: string; message?: string }) =>
          `${error.name}: ${error.apiMsg ?? error.message}`,
      );
    }, Array.from(SAMPLES.jpeg));
    expect(failed).toMatch(/PROXY_UNAUTHENTICATED/);
    await page.close();
  }, 60_000);
});
