import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '../support/real-services.js';
import { customerUrl, type DemoHarness, sampleFile, startDemoHarness } from './demo-harness.js';

/**
 * The upload code is a part of the page loaded on first use. If the connection drops just
 * then, the browser keeps that failure for the page's lifetime: every later try fails at
 * once, without fetching again. The customer must be told to reload (not to try again, which
 * cannot help), and a reload must carry on from the same step, the same execution.
 */

const SPEED = 30;
let harness: DemoHarness;

const heading = (page: Page, name: string) =>
  page.getByRole('heading', { name, exact: true }).waitFor();

/** The lazily loaded upload code, as the demo's build names its chunks. */
const UPLOAD_CODE = /\/assets\/(capture-events|browser-upload|xhr-fetch)[^/]*\.js$/;

describeWithChromium('a part of the page that failed to load while the connection was down', () => {
  beforeAll(async () => {
    harness = await startDemoHarness(SPEED);
  }, 90_000);
  afterAll(() => harness?.close());

  it('is told as "reload the page", and a reload carries on at the same step', async () => {
    const { page } = await harness.newPage();
    page.setDefaultTimeout(15_000);
    const { url, customerId } = customerUrl('full');
    let offline = true;
    let refused = 0;
    await page.route(
      (address) => UPLOAD_CODE.test(address.pathname),
      (route) => {
        if (!offline) return route.fallback();
        refused += 1;
        return route.abort('internetdisconnected');
      },
    );
    await page.goto(url);
    await heading(page, 'Your ID document');
    const upload = async () => {
      await page.getByLabel('Front of the document').setInputFiles(sampleFile('front.png'));
      await page.getByLabel(/Back of the document/).setInputFiles(sampleFile('back.png'));
      await page.getByRole('button', { name: 'Upload and continue' }).click();
    };
    await upload();
    await expect
      .poll(() =>
        page
          .getByRole('alert')
          .allInnerTexts()
          .then((texts) => texts.join(' ')),
      )
      .toContain('Please reload the page');
    expect(refused).toBeGreaterThan(0);

    // The connection is back; only a reload brings the page's missing part.
    offline = false;
    await page.reload();
    await heading(page, 'Your ID document');
    await upload();
    await heading(page, 'Confirm your details');
    const executions = harness.demo.sandbox
      .stats()
      .executions.filter((execution) => execution.customerId === customerId);
    expect(executions).toHaveLength(1);
    await page.close();
  }, 60_000);
});
