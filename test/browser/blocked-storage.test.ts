import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { bundleEntry } from './handoff-site.js';

/**
 * Onboarding embedded in a sandboxed frame without `allow-same-origin` (a widget, a
 * site builder's embed): reading `sessionStorage` throws there, so nothing can be kept.
 * The flow still runs, and says it keeps nothing (`storageKey` undefined), so the page can
 * tell the customer a reload starts over.
 */
const FRAME = `<!doctype html><meta charset="utf-8"><title>kyc</title>
<script type="module" src="/page.js"></script>`;
const PAGE_SCRIPT = `import * as kyc from '/kyc/index.js';
window.kyc = kyc;
window.ready = true;`;

describeWithChromium('a page whose storage is blocked (a sandboxed frame)', () => {
  let harness: ProxyHarness;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    harness = await startProxyHarness({ sandbox: { speed: 100, seed: 11 } });
    const files = await bundleEntry();
    // The frame's origin is opaque: its scripts and calls are cross-origin to the site.
    const cors = { 'access-control-allow-origin': '*' };
    site = await serveOnLoopback(async (request) => {
      const { pathname, search } = new URL(request.url);
      if (pathname === '/api/kyc') {
        if (request.method === 'OPTIONS') {
          const allow = { 'access-control-allow-headers': 'content-type, authorization' };
          return new Response(null, { status: 204, headers: { ...cors, ...allow } });
        }
        // The host's front passes the frame's calls on as its own (the proxy refuses an
        // opaque origin, rightly: that is the host's to allow).
        const headers = new Headers(request.headers);
        for (const name of [...headers.keys()]) {
          if (name === 'origin' || name.startsWith('sec-fetch-')) headers.delete(name);
        }
        const body = await request.arrayBuffer();
        const answer = await harness.handle(
          new Request(`${harness.proxyUrl}${search}`, { method: 'POST', headers, body }),
        );
        return new Response(answer.body, {
          status: answer.status,
          headers: { ...Object.fromEntries(answer.headers), ...cors },
        });
      }
      const script = pathname === '/page.js' ? PAGE_SCRIPT : files.get(pathname);
      if (script !== undefined) {
        return new Response(script, { headers: { 'content-type': 'text/javascript', ...cors } });
      }
      const html =
        pathname === '/frame'
          ? FRAME
          : '<!doctype html><iframe sandbox="allow-scripts" src="/frame"></iframe>';
      return new Response(html, { headers: { 'content-type': 'text/html' } });
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  it('runs the flow, and names no storage key for what it cannot keep', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    if (!frame) throw new Error('no frame');
    await frame.waitForFunction(() => (window as { ready?: boolean }).ready === true);
    const seen = await frame.evaluate(
      async ({ proxyUrl, token }) => {
        const { kyc } = window as unknown as {
          kyc: typeof import('../../src/adapters/browser/index.js');
        };
        let storage = 'readable';
        try {
          void sessionStorage.length;
        } catch (error) {
          storage = (error as Error).name;
        }
        const flow = kyc.createBrowserFlow({
          proxyUrl,
          customer: { customerId: 'C_sandboxed+minimal' },
          headers: { authorization: `Bearer ${token}` },
          polling: { timeScale: 100, jitter: 0 },
        });
        flow.run();
        const step = await new Promise<string>((resolve) => {
          const stop = flow.subscribe((view) => {
            if (view.step !== 'particulars' && view.step !== 'needsAttention') return;
            stop();
            resolve(view.step);
          });
        });
        flow.stop();
        return { storage, step, storageKey: flow.storageKey ?? 'none' };
      },
      { proxyUrl: `${site.url}/api/kyc`, token: TOKENS.alice },
    );
    expect(seen).toEqual({ storage: 'SecurityError', step: 'particulars', storageKey: 'none' });
  }, 60_000);
});
