import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { bundleEntry } from './handoff-site.js';

/**
 * A page whose `<base href>` is not its own folder, as single-page apps have (Angular's
 * `<base href="/">` under deep routes): a relative proxy URL is the one `fetch` and every
 * link on the page resolve, against the base, not against the address bar.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><base href="/app/"><title>kyc</title>
<script type="module">
import * as kyc from '/kyc/index.js';
window.kyc = kyc;
window.ready = true;
</script>`;

describeWithChromium('a page with a <base href> elsewhere than its own folder', () => {
  let harness: ProxyHarness;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  const asked: string[] = [];

  beforeAll(async () => {
    harness = await startProxyHarness();
    const files = await bundleEntry();
    site = await serveOnLoopback(async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname.endsWith('/api/kyc')) {
        asked.push(pathname);
        return pathname === '/app/api/kyc'
          ? harness.handle(request)
          : new Response('not here', { status: 404 });
      }
      const script = files.get(pathname);
      if (script !== undefined) {
        return new Response(script, { headers: { 'content-type': 'text/javascript' } });
      }
      return new Response(PAGE, { headers: { 'content-type': 'text/html' } });
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  it('sends a relative proxy URL where the page base points, as fetch would', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/shop/checkout/step-2`);
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
    const answer = await page.evaluate(async (token) => {
      const { kyc } = window as unknown as {
        kyc: typeof import('../../src/adapters/browser/index.js');
      };
      const client = kyc.createProxyClient('api/kyc', {
        headers: { authorization: `Bearer ${token}` },
        retry: { limit: 0 },
      });
      return client.register({ customerId: 'C_base_href' });
    }, TOKENS.alice);
    expect(answer).toEqual({ customerId: 'C_base_href' });
    expect(asked).toEqual(['/app/api/kyc']);
  });
});
