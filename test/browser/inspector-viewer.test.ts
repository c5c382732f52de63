import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { type RunningCli, startCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { describeWithChromium, launchChromium } from '../support/real-services.js';

/** Slow enough that the identity document's OCR (5–15 s at speed 1) is seen from the page. */
const SPEED = 4;
const TIMEOUT = 30_000;

/** The lit leaf of the chart: the state the flow is in, as the viewer marks it. */
const current = (page: Page, path: string) =>
  page.locator(`#chart li.state[aria-current="true"][data-path^="${path}"]`);

/** Runs in the page before its own script: keeps, in order, every state the viewer lights. */
function recordLitStates() {
  const trail: string[] = [];
  (window as unknown as { litTrail: string[] }).litTrail = trail;
  new MutationObserver((records) => {
    for (const record of records) {
      const path = (record.target as HTMLElement).dataset?.path;
      if (record.oldValue === null && path !== undefined) trail.push(path);
    }
  }).observe(document, {
    subtree: true,
    attributeFilter: ['aria-current'],
    attributeOldValue: true,
  });
}

/** The nodes a trail of lit states went through, in order (`tracking.polling` between them left out). */
const nodesOf = (trail: readonly string[]): string[] =>
  trail
    .map((path) => /^tracking\.([^.]+)/.exec(path)?.[1])
    .filter((node): node is string => node !== undefined && node !== 'polling')
    .filter((node, index, all) => node !== all[index - 1]);

const untilStderr = (cli: RunningCli, text: string) =>
  new Promise<void>((resolve, reject) => {
    let seen = '';
    cli.child.stderr?.on('data', (chunk: Buffer) => {
      seen += String(chunk);
      if (seen.includes(text)) resolve();
    });
    cli.result.then(() => reject(new Error(`the run ended before saying "${text}": ${seen}`)));
  });

/** `kyc-flow run --inspect` on a free port, `extra` arguments added; `port` is its viewer's. */
const inspectedRun = async (...extra: string[]) => {
  const port = await freePort();
  const cli = startCli([
    'run',
    '--inspect',
    '--inspect-port',
    String(port),
    '--speed',
    `${SPEED}`,
    ...extra,
  ]);
  return { port, cli };
};

describeWithChromium('the offline viewer of kyc-flow run --inspect, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('shows the active state move to the next node, with no request leaving the machine', async () => {
    const { port, cli } = await inspectedRun();
    const context = await browser.newContext();
    try {
      await untilStderr(cli, 'waiting for a viewer');
      const requests: string[] = [];
      context.on('request', (request) => requests.push(request.url()));
      const errors: string[] = [];
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.addInitScript(recordLitStates);
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${port}/`);

      // Connecting starts the flow; the page follows it live from node to node (a node the
      // profile answers at once is lit for a moment only: the trail keeps every one drawn).
      await current(page, 'tracking.identityDocument').waitFor();
      await current(page, 'tracking.identityDocument').waitFor({ state: 'detached' });
      await page.waitForFunction(() =>
        (window as unknown as { litTrail: string[] }).litTrail.some((path) =>
          path.startsWith('tracking.particulars'),
        ),
      );
      const trail = await page.evaluate(
        () => (window as unknown as { litTrail: string[] }).litTrail,
      );
      const nodes = nodesOf(trail);
      expect(
        nodes.slice(nodes.indexOf('identityDocument'), nodes.indexOf('identityDocument') + 2),
      ).toEqual(['identityDocument', 'particulars']);
      await expect(page.locator('#log').textContent()).resolves.toContain(
        'SUBMIT_IDENTITY_DOCUMENT',
      );

      // At the outcome the run stays up, and a viewer opened now sees the whole run.
      await current(page, 'completed').waitFor();
      // Where the flow has been stays marked: the path it took, at a glance.
      for (const node of ['identityDocument', 'particulars', 'liveness', 'requiredForms']) {
        await expect(
          page.locator(`li.state.visited[data-path="tracking.${node}"]`).count(),
        ).resolves.toBe(1);
      }
      await expect(page.getByRole('status').textContent()).resolves.toContain(
        'has ended: completed, APPROVED',
      );
      // The Stately inspector is one link away (not followed: it loads from stately.ai).
      await expect(
        page.getByRole('link', { name: /Stately inspector/ }).getAttribute('href'),
      ).resolves.toBe('/stately');
      const late = await context.newPage();
      late.on('pageerror', (error) => errors.push(error.message));
      await late.goto(`http://127.0.0.1:${port}/`);
      await current(late, 'completed').waitFor({ timeout: TIMEOUT });
      await expect(late.locator('#log').textContent()).resolves.toContain('SUBMIT_PARTICULARS');
      expect(cli.exited()).toBe(false);

      expect(errors).toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
      for (const url of requests) expect(new URL(url).hostname).toBe('127.0.0.1');
    } finally {
      await context.close();
      // Ctrl-C, as a terminal sends it: to the command's process group.
      if (cli.child.pid !== undefined) process.kill(-cli.child.pid, 'SIGINT');
    }
    const { code, stdout } = await cli.result;
    expect(stdout).toMatch(/^APPROVED/);
    expect(code).toBe(EXIT_CODES.approved);
  }, 90_000);

  it('/stately tells the run to the stately.ai frame only, never to a page its frame was sent to', async () => {
    const { port, cli } = await inspectedRun('--speed', '50');
    // No internet here: stately.ai (and the page a hijacked frame goes to) are stand-ins
    // that keep what they are told. CSP's frame-src is one guard; the targetOrigin the other.
    const context = await browser.newContext({ bypassCSP: true });
    const listener = `<script>
      window.told = [];
      addEventListener('message', (event) => window.told.push(event.data));
      parent.postMessage({ type: '@statelyai.connected' }, '*');
    </script>`;
    const hijack = "<script>location.href = 'https://elsewhere.example/';</script>";
    let hijacked = false;
    await context.route('https://stately.ai/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: hijacked ? hijack : listener }),
    );
    await context.route('https://elsewhere.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: listener }),
    );
    const told = (page: Page, host: string) => {
      const frame = page.frames().find((each) => each.url().includes(host));
      return frame
        ? frame.evaluate(() => (window as unknown as { told: unknown[] }).told.length)
        : Promise.resolve(-1);
    };
    try {
      await untilStderr(cli, 'waiting for a viewer');
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/stately`);
      // The real frame is told the run, to its end (and then the run holds its pages open).
      await expect.poll(() => told(page, 'stately.ai'), { timeout: TIMEOUT }).toBeGreaterThan(0);

      hijacked = true;
      const other = await context.newPage();
      await other.goto(`http://127.0.0.1:${port}/stately`);
      await expect.poll(() => told(other, 'elsewhere.example'), { timeout: TIMEOUT }).toBe(0);
      // Time enough for the whole kept run to be replayed to it: still nothing.
      await other.waitForTimeout(1_500);
      expect(await told(other, 'elsewhere.example')).toBe(0);
    } finally {
      await context.close();
      if (cli.child.pid !== undefined) process.kill(-cli.child.pid, 'SIGINT');
    }
    // Stopped at or before its outcome, as the machine's load has it: either way, stopped.
    expect([EXIT_CODES.approved, EXIT_CODES.interrupted]).toContain((await cli.result).code);
  }, 90_000);

  it('says the run has stopped when it stops short of an outcome (pending review), not "live"', async () => {
    const { port, cli } = await inspectedRun('--scenario', 'manual-review');
    const context = await browser.newContext();
    try {
      await untilStderr(cli, 'waiting for a viewer');
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(`http://127.0.0.1:${port}/`);
      // Why, as the CLI tells it: the outcome line, its exit code, and what to do.
      await page.getByText('The run has ended (exit 14): PENDING REVIEW').waitFor();
      await expect(page.getByRole('status').textContent()).resolves.not.toMatch(/Live/);
      await expect(page.locator('#hint').textContent()).resolves.toContain(
        'nothing of this flow was kept (no --state-file, and the embedded sandbox forgets it as it closes)',
      );
      expect(cli.exited()).toBe(false);
    } finally {
      await context.close();
      if (cli.child.pid !== undefined) process.kill(-cli.child.pid, 'SIGINT');
    }
    expect((await cli.result).code).toBe(EXIT_CODES.pendingReview);
  }, 90_000);
});
