import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { HydrationPage, type HydrationPageProps } from './hydration-page.js';

/**
 * A server-rendered page hydrated where the customer already has a saved flow (she
 * reloaded mid-flow): the server knows nothing of this browser's storage and renders the
 * fresh flow; hydration must take that page as it is, then show the restored step.
 */

const SPEED = 50;

/** The browser's half: hydrates the server's page, and keeps what React reports. */
const CLIENT = `import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { HydrationPage } from './hydration-page.js';
const root = document.getElementById('root');
window.recoverableErrors = [];
hydrateRoot(root, createElement(HydrationPage, JSON.parse(root.dataset.props)), {
  onRecoverableError: (error) => window.recoverableErrors.push(String(error?.message ?? error)),
});`;

const bundleClient = async (): Promise<string> => {
  const result = await build({
    stdin: { contents: CLIENT, resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // React's development build: it says what did not match, and checks the snapshots.
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
};

/** The server's half: the page rendered for the customer the address names. */
const pageFor = (props: HydrationPageProps) =>
  `<!doctype html><meta charset="utf-8"><title>kyc</title><link rel="icon" href="data:,">
<div id="root" data-props='${JSON.stringify(props)}'>${renderToString(createElement(HydrationPage, props))}</div>
<script type="module" src="/client.js"></script>`;

describeWithChromium('a server-rendered React page hydrated over a saved flow', () => {
  let harness: ProxyHarness;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    harness = await startProxyHarness({ sandbox: { speed: SPEED, seed: 11 } });
    const client = await bundleClient();
    site = await serveOnLoopback(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/kyc') return harness.handle(request);
      if (url.pathname === '/client.js') {
        return new Response(client, { headers: { 'content-type': 'text/javascript' } });
      }
      const props: HydrationPageProps = {
        customerId: url.searchParams.get('customer') ?? '',
        authorization: `Bearer ${TOKENS.alice}`,
        timeScale: SPEED,
      };
      return new Response(pageFor(props), { headers: { 'content-type': 'text/html' } });
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  /** Everything React and the page said went wrong: recoverable errors, console errors, uncaught ones. */
  const troubleOf = (page: Page) => {
    const said: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') said.push(message.text());
    });
    page.on('pageerror', (error) => said.push(error.message));
    return async () => [
      ...said.splice(0),
      ...(await page.evaluate(() =>
        (window as unknown as { recoverableErrors: string[] }).recoverableErrors.splice(0),
      )),
    ];
  };

  const shown = async (page: Page) => ({
    step: await page.textContent('#step'),
    execution: await page.textContent('#execution'),
  });

  it('takes the fresh page the server rendered, then shows the step the customer had reached', async () => {
    const page = await browser.newPage();
    const trouble = troubleOf(page);
    const customer = encodeURIComponent(`C_hydrate_${Date.now().toString(36)}+minimal`);
    await page.goto(`${site.url}/?customer=${customer}`);
    await page.waitForSelector('#step:text-is("particulars")', { timeout: 20_000 });
    const reached = await shown(page);
    expect(reached.execution).toMatch(/\S/);
    expect(reached.execution).not.toBe('none');
    expect(await trouble()).toEqual([]);

    // A reload mid-flow: the server renders the fresh flow, this tab has the saved one.
    const answer = await page.reload();
    expect(await answer?.text()).toContain('<p id="step">idle</p>');
    await page.waitForSelector('#step:text-is("particulars")', { timeout: 20_000 });
    expect(await shown(page)).toEqual(reached);
    expect(await trouble()).toEqual([]);
    await page.close();
  }, 60_000);
});
