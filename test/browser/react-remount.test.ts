import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { SAMPLES } from '../proxy/samples.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { HANDOFF_SCENARIO } from './handoff-site.js';

/**
 * A host's React app whose onboarding component comes and goes with its routes (the
 * customer opens the help page, then comes back), under StrictMode.
 */
const SPEED = 100;

const CLIENT = `import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useKycFlow } from '../../src/adapters/react/index.js';
function Onboarding({ customerId, storage }) {
  const kyc = useKycFlow({
    proxyUrl: '/api/kyc',
    customer: { customerId },
    ...(storage === undefined ? {} : { storage }),
    headers: { authorization: '${`Bearer ${TOKENS.alice}`}' },
    polling: { timeScale: ${SPEED}, jitter: 0 },
  });
  window.kyc = kyc;
  return createElement('p', { id: 'step', 'data-execution': kyc.executionId }, kyc.step);
}
const root = createRoot(document.getElementById('root'));
window.show = (customerId, keep, storage) => {
  if (!keep) window.kyc = undefined;
  root.render(customerId ? createElement(StrictMode, null, createElement(Onboarding, { customerId, storage })) : null);
};
window.photo = async () => {
  const bytes = await (await fetch('/sample.jpg')).arrayBuffer();
  return new File([bytes], 'front.jpg', { type: 'image/jpeg' });
};
window.ready = true;`;

const bundleClient = async (): Promise<string> => {
  const result = await build({
    stdin: { contents: CLIENT, resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.map((file) => file.text).join('\n');
};

type PageWindow = {
  kyc?: import('../../src/adapters/react/index.js').UseKycFlowResult;
  show(customerId?: string, keep?: boolean, storage?: false): void;
  photo(): Promise<File>;
  capture?: Promise<string>;
};

describeWithChromium('a React onboarding component unmounted and mounted again', () => {
  let harness: ProxyHarness;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  const asked: string[] = [];

  beforeAll(async () => {
    harness = await startProxyHarness({
      sandbox: { speed: SPEED, seed: 11, scenarios: [HANDOFF_SCENARIO] },
    });
    const client = await bundleClient();
    site = await serveOnLoopback(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/kyc') {
        asked.push(url.searchParams.get('api') ?? '');
        return harness.handle(request);
      }
      if (url.pathname === '/sample.jpg') return new Response(SAMPLES.jpeg);
      if (url.pathname === '/client.js') {
        return new Response(client, { headers: { 'content-type': 'text/javascript' } });
      }
      return new Response(
        '<!doctype html><meta charset="utf-8"><title>kyc</title><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/client.js"></script>',
        { headers: { 'content-type': 'text/html' } },
      );
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  const stepShown = (page: Page, step: string) =>
    page.waitForSelector(`#step:text-is("${step}")`, { timeout: 20_000 });

  it('while a photo is on its way: the photo, once up, is submitted to the flow shown again', async () => {
    const page = await browser.newPage();
    const trouble: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') trouble.push(message.text());
    });
    page.on('pageerror', (error) => trouble.push(error.message));
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const customerId = `C_remount_${Date.now().toString(36)}+handoff`;
    await page.evaluate((id) => (window as unknown as PageWindow).show(id), customerId);
    await stepShown(page, 'identityDocument');

    // A slow uplink: the photo is still on its way when the customer leaves the route.
    let letThrough: () => void = () => undefined;
    const slowLink = new Promise<void>((resolve) => {
      letThrough = resolve;
    });
    let onTheWay: () => void = () => undefined;
    const uploading = new Promise<void>((resolve) => {
      onTheWay = resolve;
    });
    await page.route('**/api/kyc?api=storage.upload', async (route) => {
      onTheWay();
      await slowLink;
      await route.continue();
    });
    await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const photo = await w.photo();
      w.capture = w.kyc
        ?.submitIdentityDocument({
          documentType: 'INTERNATIONAL_PASSPORT',
          region: 'SG',
          front: photo,
        })
        .then((sent) => String(sent));
    });
    await uploading;
    await page.evaluate(() => (window as unknown as PageWindow).show());
    await page.waitForTimeout(200);
    await page.evaluate((id) => (window as unknown as PageWindow).show(id), customerId);
    await stepShown(page, 'identityDocument');
    letThrough();
    expect(await page.evaluate(() => (window as unknown as PageWindow).capture)).toBe('true');
    await stepShown(page, 'particulars');
    expect(asked.filter((api) => api === 'workflow.kyc.ocr')).toHaveLength(1);
    expect(trouble).toEqual([]);
    await page.close();
  }, 60_000);

  it("for another customer (the same component, a new customerId): shows none of the last one's uploads", async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const stamp = Date.now().toString(36);
    await page.evaluate(
      (id) => (window as unknown as PageWindow).show(id),
      `C_first_${stamp}+handoff`,
    );
    await stepShown(page, 'identityDocument');
    const sent = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const front = await w.photo();
      return w.kyc?.submitIdentityDocument({
        documentType: 'INTERNATIONAL_PASSPORT',
        region: 'SG',
        front,
      });
    });
    expect(sent).toBe(true);
    await stepShown(page, 'particulars');
    expect(await page.evaluate(() => (window as unknown as PageWindow).kyc?.uploads)).toMatchObject(
      {
        identityDocument: { status: 'sent' },
      },
    );

    // The page now onboards someone else in the same place (a sign-out and sign-in, say).
    await page.evaluate(
      (id) => (window as unknown as PageWindow).show(id, true),
      `C_second_${stamp}+handoff`,
    );
    await stepShown(page, 'identityDocument');
    expect(await page.evaluate(() => (window as unknown as PageWindow).kyc?.uploads)).toEqual({});
    await page.close();
  }, 60_000);

  it('with nothing kept (storage: false): mounted again, the customer starts over rather than staring at a stopped flow', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const customerId = `C_unkept_${Date.now().toString(36)}+handoff`;
    const show = (id?: string) =>
      page.evaluate((id) => (window as unknown as PageWindow).show(id, false, false), id);
    await show(customerId);
    await stepShown(page, 'identityDocument');
    const first = await page.getAttribute('#step', 'data-execution');
    await show();
    await page.waitForTimeout(200);
    await show(customerId);
    // Nothing was kept to carry on from: a new execution, as after a reload.
    await page.waitForSelector(`#step[data-execution]:not([data-execution="${first}"])`, {
      timeout: 20_000,
    });
    await stepShown(page, 'identityDocument');
    await page.close();
  }, 60_000);
});
