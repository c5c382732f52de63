import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { type DemoServer, startDemoServer } from '../../examples/web/server.js';
import { CHROMIUM_ARGS, requireChromium } from '../support/real-services.js';

const root = join(import.meta.dirname, '..', '..');

export interface DemoHarness {
  readonly demo: DemoServer;
  readonly browser: BrowserContext;
  /** A new tab (its own sessionStorage), with console errors collected. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Builds the demo page once, serves it with the sandbox and the proxy, opens Chromium. */
export async function startDemoHarness(speed: number): Promise<DemoHarness> {
  const scratch = await mkdtemp(join(tmpdir(), 'kyc-flow-demo-'));
  const distDir = join(scratch, 'dist');
  await build({
    configFile: join(root, 'examples/web/vite.config.ts'),
    build: { outDir: distDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'silent',
  });
  const demo = await startDemoServer({ speed, seed: 5, distDir });
  const browser = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: requireChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
    baseURL: demo.url,
  });
  return {
    demo,
    browser,
    async newPage() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      return { page, errors };
    },
    async close() {
      await browser.close();
      await demo.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

let customers = 0;
/** A demo address for a new customer of `scenario` (the sandbox reads the `+tag`). */
export const customerUrl = (scenario: string): { url: string; customerId: string } => {
  customers += 1;
  const customerId = `C_page${customers}_${Date.now().toString(36)}+${scenario}`;
  const params = new URLSearchParams({
    customer: customerId,
    email: `page${customers}@example.com`,
    phone: '+6591234567',
  });
  return { url: `/?${params}`, customerId };
};

/** A photo or a scan: the sample profile's real files (the proxy checks what a file holds). */
export const sampleFile = (name: string, mimeType = 'image/png') => ({
  name,
  mimeType,
  buffer: readFileSync(
    join(
      root,
      'examples/profiles/files',
      mimeType === 'application/pdf' ? 'utility-bill.pdf' : 'passport-front.png',
    ),
  ),
});

/** The dotted state the page's chart panel shows. */
export const statePath = (page: Page) => page.getByTestId('state-path').textContent();
