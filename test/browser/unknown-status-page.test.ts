import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerMessageOf } from '../../src/machine/customer-message.js';
import { FLOW_CODES } from '../../src/machine/flow-error.js';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { bundleEntry } from './handoff-site.js';

/**
 * A gateway that shows a status the guide does not list (`PENDING`) for as long as it likes:
 * a page does not show the customer a spinner with no end. After `maxUnknownStatusMs` the
 * flow stops in `needsAttention` (`UNKNOWN_STATUS`), keeping everything; RETRY reads again
 * and carries on once the gateway speaks the guide's words.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>kyc</title>
<script type="module">
import * as kyc from '/kyc/index.js';
window.kyc = kyc;
window.ready = true;
</script>`;

describeWithChromium('a page whose execution shows a status the guide does not list', () => {
  let harness: ProxyHarness;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let spelling = true;

  beforeAll(async () => {
    harness = await startProxyHarness({
      sandbox: { speed: 100, seed: 7 },
      proxy: {
        // The gateway's status answers say PENDING while `spelling`.
        fetch: async (input, init) => {
          const request = new Request(input, init);
          const answer = await fetch(request);
          const api = new URL(request.url).searchParams.get('api');
          if (!spelling || api !== 'workflow.execution.status') return answer;
          const body = (await answer.json()) as { data: Record<string, unknown> };
          return Response.json({ ...body, data: { ...body.data, status: 'PENDING' } });
        },
      },
    });
    const files = await bundleEntry();
    site = await serveOnLoopback(async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/kyc') return harness.handle(request);
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

  it('stops after maxUnknownStatusMs naming it, and RETRY carries on once it is listed', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
    const stopped = await page.evaluate(async (token) => {
      const { kyc } = window as unknown as {
        kyc: typeof import('../../src/adapters/browser/index.js');
        flow: unknown;
      };
      const flow = kyc.createBrowserFlow({
        proxyUrl: '/api/kyc',
        customer: { customerId: 'C_unlisted+minimal' },
        headers: { authorization: `Bearer ${token}` },
        polling: { timeScale: 100, jitter: 0 },
        maxUnknownStatusMs: 400,
      });
      (window as unknown as { flow: typeof flow }).flow = flow;
      const startedAt = Date.now();
      flow.run();
      // Without the bound, the page reads PENDING for as long as the tab lives.
      return new Promise<{ state: string; code?: string; message?: string; ms: number }>(
        (resolve) => {
          const timer = setTimeout(() => {
            stop();
            resolve({ state: flow.getView().state, ms: Date.now() - startedAt });
          }, 5_000);
          const stop = flow.subscribe((view) => {
            if (view.step !== 'needsAttention') return;
            clearTimeout(timer);
            stop();
            resolve({
              state: view.state,
              ...(view.error && { code: view.error.code, message: view.error.message }),
              ms: Date.now() - startedAt,
            });
          });
        },
      );
    }, TOKENS.alice);
    expect(stopped).toMatchObject({
      state: 'needsAttention',
      code: FLOW_CODES.UNKNOWN_STATUS,
      message: expect.stringContaining('"PENDING" for 0.4 s'),
    });
    expect(stopped.ms).toBeGreaterThanOrEqual(400);
    expect(customerMessageOf({ code: FLOW_CODES.UNKNOWN_STATUS, retryable: true })).toMatch(
      /taking longer than usual.*try again later/,
    );

    spelling = false;
    const carriedOn = await page.evaluate(() => {
      const { flow } = window as unknown as {
        flow: ReturnType<typeof import('../../src/adapters/browser/index.js').createBrowserFlow>;
      };
      flow.send({ type: 'RETRY' });
      return new Promise<string>((resolve) => {
        const stop = flow.subscribe((view) => {
          if (view.step === 'needsAttention' || view.step === 'polling') return;
          stop();
          resolve(view.step);
        });
      });
    });
    expect(carriedOn).toBe('particulars');
  }, 60_000);
});
