import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ProxyHarness, serveOnLoopback, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { SAMPLES } from '../proxy/samples.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';
import { bundleEntry } from './handoff-site.js';

/**
 * A frontend on its own origin (`https://app.example`) and the signing proxy on another
 * (`https://api.example`): the host lists the app's origin in `allowedOrigins`, and the page
 * then runs a whole onboarding across origins, with its bearer token and credentials
 * included. A page of an origin nobody listed reaches nothing. Both run in Chromium, whose
 * CORS rules are what counts; here the two origins are two loopback ports.
 */

const SPEED = 100;

const PAGE_SCRIPT = `import * as kyc from '/kyc/index.js';
window.kyc = kyc;
window.ready = true;`;
const HTML =
  '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="/page.js"></script>';

/** A site that serves the browser entry and nothing else. */
const startSite = async (files: ReadonlyMap<string, string>) =>
  serveOnLoopback(async (request) => {
    const path = new URL(request.url).pathname;
    const script = path === '/page.js' ? PAGE_SCRIPT : files.get(path);
    if (script !== undefined) {
      return new Response(script, { headers: { 'content-type': 'text/javascript' } });
    }
    return new Response(HTML, { headers: { 'content-type': 'text/html' } });
  });

type Site = Awaited<ReturnType<typeof startSite>>;

let browser: Browser;
let listed: Site;
let unlisted: Site;
let harness: ProxyHarness;
const pages: Page[] = [];

const open = async (site: Site): Promise<Page> => {
  const page = await (await browser.newContext()).newPage();
  pages.push(page);
  await page.goto(site.url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return page;
};

/** A minimal onboarding driven by the page: particulars, then a selfie, to the outcome. */
const onboardIn = (page: Page, customerId: string) =>
  page.evaluate(
    async ({ proxyUrl, token, customerId, speed, selfie }) => {
      type Kyc = typeof import('../../src/adapters/browser/index.js');
      const { createBrowserFlow } = (window as unknown as { kyc: Kyc }).kyc;
      const flow = createBrowserFlow({
        proxyUrl,
        customer: { customerId },
        storage: false,
        credentials: 'include',
        headers: { authorization: `Bearer ${token}` },
        polling: { timeScale: speed, jitter: 0 },
        retry: { limit: 0 },
      });
      const answered = new Set<string>();
      flow.subscribe((view) => {
        if (answered.has(view.step)) return;
        if (view.step === 'particulars') {
          answered.add(view.step);
          flow.actions.submitParticulars({
            name: 'Jane Doe',
            dateOfBirth: '1990-01-15',
            nationality: 'SG',
          });
        }
        if (view.step === 'liveness') {
          answered.add(view.step);
          const face = new File([new Uint8Array(selfie)], 'selfie.jpg', { type: 'image/jpeg' });
          void flow.actions.submitLiveness({ face });
        }
      });
      const outcome = await flow.run().whenDone();
      flow.stop();
      return outcome;
    },
    {
      proxyUrl: harness.proxyUrl,
      token: TOKENS.alice,
      customerId,
      speed: SPEED,
      selfie: [...SAMPLES.jpeg],
    },
  );

describeWithChromium('a page on another origin than the proxy', () => {
  beforeAll(async () => {
    const files = await bundleEntry();
    [listed, unlisted] = await Promise.all([startSite(files), startSite(files)]);
    harness = await startProxyHarness({
      sandbox: { speed: SPEED, seed: 5 },
      proxy: { allowedOrigins: [listed.url] },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([listed?.close(), unlisted?.close(), harness?.close()]);
  });

  it('runs a whole onboarding when the host lists its origin', async () => {
    const before = harness.sandbox.stats();
    const page = await open(listed);
    const outcome = await onboardIn(page, 'C_cors_listed+minimal');
    expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    const after = harness.sandbox.stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.starts - before.starts).toBe(1);
  }, 60_000);

  it('lets the page read a refusal (sign in again), not a bare network failure', async () => {
    const page = await open(listed);
    const answer = await page.evaluate(async (proxyUrl) => {
      const response = await fetch(`${proxyUrl}?api=workflow.applicant.register`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nobody' },
        body: JSON.stringify({ customerId: 'C_cors_nobody' }),
      });
      return { status: response.status, body: await response.json() };
    }, harness.proxyUrl);
    expect(answer.status).toBe(401);
    expect(answer.body.apiMsg).toMatch(/^PROXY_/);
  });

  it('reaches nothing from a page of an origin nobody listed, and tells the host', async () => {
    const before = harness.sandbox.stats();
    const page = await open(unlisted);
    const failure = await page.evaluate(
      async ({ proxyUrl, token }) => {
        try {
          await fetch(`${proxyUrl}?api=workflow.applicant.register`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ customerId: 'C_cors_unlisted' }),
          });
          return 'answered';
        } catch (error) {
          return error instanceof TypeError ? 'blocked' : String(error);
        }
      },
      { proxyUrl: harness.proxyUrl, token: TOKENS.alice },
    );
    expect(failure).toBe('blocked');
    expect(harness.sandbox.stats().registrations).toBe(before.registrations);
    expect(harness.events).toContainEqual(
      expect.objectContaining({ refusal: 'crossOrigin', detail: unlisted.url }),
    );
  });
});

it('answers a listed origin\u2019s preflight for exactly what it asked, and no other origin\u2019s', async () => {
  const proxyOrigin = 'http://127.0.0.1:1';
  const own = await startProxyHarness({
    sandbox: { speed: SPEED, seed: 6 },
    proxy: { allowedOrigins: ['https://app.example'] },
  });
  try {
    const preflight = (origin: string, method = 'POST') =>
      own.handle(
        new Request(`${proxyOrigin}/api/kyc?api=workflow.applicant.register`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': method,
            'access-control-request-headers': 'content-type,Authorization, not a header',
          },
        }),
      );
    const listedAnswer = await preflight('https://app.example');
    expect(listedAnswer.status).toBe(204);
    expect(Object.fromEntries(listedAnswer.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, authorization',
    });
    // A method the proxy never serves: no leave given.
    const put = await preflight('https://app.example', 'PUT');
    expect(put.status).toBe(405);
    expect(put.headers.get('access-control-allow-methods')).toBeNull();
    // Another origin: refused, and told nothing it could read.
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  } finally {
    await own.close();
  }
});
