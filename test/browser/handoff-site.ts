import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Scenario } from '../../src/sandbox/index.js';
import { type ProxyHarness, serveOnLoopback, startProxyHarness } from '../proxy/harness.js';
import { SAMPLES } from '../proxy/samples.js';
import { launchChromium } from '../support/real-services.js';

const root = join(import.meta.dirname, '..', '..');
const SESSION = 'sid';

/** The sandbox scenario of these suites: the camera's steps, then an email code, then screening. */
export const HANDOFF_SCENARIO: Scenario = {
  name: 'handoff',
  description: 'ID document, details, selfie (the phone), then an email code (the desktop)',
  steps: ['identityDocument', 'particulars', 'liveness', 'emailOtp', 'screenCheck'],
  outcome: 'APPROVED',
};
export const OTP_CODE = '246810';

/** One answer of the proxy, to the session that asked. */
export interface SeenAnswer {
  readonly session: string | undefined;
  readonly api: string;
  readonly status: number;
  readonly body: string;
  readonly at: number;
}

export interface HandoffSite {
  readonly url: string;
  readonly harness: ProxyHarness;
  readonly browser: Browser;
  /** Every answer of the proxy, in order. */
  readonly seen: SeenAnswer[];
  /** Moves the proxy's clock (links, leases) forward. */
  skipAhead(ms: number): void;
  /** A browser context of its own (its own cookies and storage): a device. */
  device(kind: 'desktop' | 'phone'): Promise<BrowserContext>;
  /** The session (caller) a context's cookie names, once it loaded a page. */
  sessionOf(context: BrowserContext): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The browser entry, bundled as an application would (lazy chunks apart), in memory. */
export const bundleEntry = async (): Promise<Map<string, string>> => {
  const result = await build({
    entryPoints: { index: join(root, 'src/adapters/browser/index.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/kyc',
    write: false,
    absWorkingDir: root,
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [file.path, file.text]));
};

/** The page: the browser entry as `window.kyc`, a sample photo as `window.photo()`. */
const PAGE_SCRIPT = `import * as kyc from '/kyc/index.js';
window.kyc = kyc;
window.photo = async (name) => {
  const bytes = await (await fetch('/sample.jpg')).arrayBuffer();
  return new File([bytes], name, { type: 'image/jpeg' });
};
window.ready = true;`;

const HTML =
  '<!doctype html><meta charset="utf-8"><title>kyc</title><script type="module" src="/page.js"></script>';

const sessionIn = (request: Request) =>
  request.headers
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === SESSION)?.[1];

/**
 * A host's site for the handoff suites: its page (the browser entry, nothing else), the
 * signing proxy with kept flows and handoffs (callers are the site's session cookies), the
 * sandbox behind it, and Chromium.
 */
export async function startHandoffSite(speed: number, leaseMs: number): Promise<HandoffSite> {
  let skew = 0;
  const sessions = new Set<string>();
  const harness = await startProxyHarness({
    sandbox: { speed, seed: 11, scenarios: [HANDOFF_SCENARIO], otpCode: OTP_CODE },
    proxy: {
      authorize: (request) => {
        const session = sessionIn(request);
        return session && sessions.has(session) ? { callerId: session } : null;
      },
      handoff: { leaseMs, now: () => Date.now() + skew },
    },
  });
  const files = await bundleEntry();
  const seen: SeenAnswer[] = [];
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/api/kyc') {
      const response = await harness.handle(request);
      const body = await response.clone().text();
      const api = url.searchParams.get('api') ?? '';
      seen.push({
        session: sessionIn(request),
        api,
        status: response.status,
        body,
        at: Date.now(),
      });
      return response;
    }
    if (url.pathname === '/sample.jpg') return new Response(SAMPLES.jpeg);
    const script = url.pathname === '/page.js' ? PAGE_SCRIPT : files.get(url.pathname);
    if (script !== undefined) {
      return new Response(script, { headers: { 'content-type': 'text/javascript' } });
    }
    const headers = new Headers({ 'content-type': 'text/html' });
    if (!sessionIn(request)) {
      const session = randomUUID();
      sessions.add(session);
      headers.set('set-cookie', `${SESSION}=${session}; Path=/; HttpOnly; SameSite=Lax`);
    }
    return new Response(HTML, { headers });
  };
  const server = await serveOnLoopback(handle);
  const browser = await launchChromium();
  return {
    url: server.url,
    harness,
    browser,
    seen,
    skipAhead: (ms) => {
      skew += ms;
    },
    device: (kind) =>
      browser.newContext({
        baseURL: server.url,
        ...(kind === 'phone'
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
          : { viewport: { width: 1280, height: 900 } }),
      }),
    sessionOf: async (context) =>
      (await context.cookies()).find((cookie) => cookie.name === SESSION)?.value,
    async close() {
      await browser.close();
      await server.close();
      await harness.close();
    },
  };
}

/** Opens the site's page in `context` (at `path`, a link's address included), ready. */
export const openPage = async (context: BrowserContext, path = '/'): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return page;
};
