/**
 * Screenshots of every screen of the demo, at desktop and phone width, driven in Chromium
 * as a customer would (headings, labels, buttons). For looking at before a release:
 *
 *   npm run demo:screens                 # PNGs in .screens/1280 and .screens/390
 *   npm run demo:screens -- --out shots --speed 8
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import {
  confirmChannel,
  confirmDetails,
  enterCode,
  fillForm,
  heading,
  sendDocuments,
  uploadIdDocument,
} from '../test/browser/demo-customer.js';
import { customerUrl, sampleFile, startDemoHarness } from '../test/browser/demo-harness.js';

const WIDTHS = [1280, 390] as const;
const STEP_TIMEOUT = 30_000;

/** `settle: false` for a screen that passes in a blink; `panel` for the developer panel alone. */
type Shoot = (
  name: string,
  options?: { settle?: boolean; panel?: boolean; viewport?: boolean },
) => Promise<void>;

/** Waits for a screen that may pass in a blink; takes it if it shows, says so if not. */
const maybe = async (page: Page, title: string, shoot: Shoot, name: string) => {
  const shown = await page
    .getByRole('heading', { name: title, exact: true })
    .waitFor({ timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (shown) await shoot(name, { settle: false });
  else console.log(`  (missed "${title}": it passed too quickly)`);
};

const SLOW_POLLS = '**/api/kyc?api=workflow.execution.status';

/** Holds each status poll back a moment, as a real gateway's pace would. */
const slowPolls = (page: Page) =>
  page.route(SLOW_POLLS, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue().catch(() => undefined);
  });

async function fullOnboarding(page: Page, shoot: Shoot): Promise<void> {
  await heading(page, 'Your ID document');
  await shoot('id-document');
  await page.getByRole('button', { name: 'Continue on your phone' }).click();
  await page.getByRole('img', { name: 'QR code of the link to continue on your phone' }).waitFor();
  await shoot('id-document-continue-on-phone');
  await page.getByRole('button', { name: 'Stay on this device' }).click();
  await page.getByRole('button', { name: 'Continue on your phone' }).waitFor();
  await page.getByLabel('Front of the document').setInputFiles(sampleFile('passport-front.png'));
  await shoot('id-document-chosen');
  await uploadIdDocument(page);
  await heading(page, 'Confirm your details');
  await page.getByRole('heading', { name: 'What we read from your document' }).waitFor();
  await shoot('details');
  await confirmDetails(page);
  await heading(page, 'Take a selfie');
  await shoot('selfie');
  await page.getByRole('button', { name: 'Take selfie' }).click();
  await page.getByRole('img', { name: 'Your selfie' }).waitFor();
  await shoot('selfie-taken');
  await page.getByRole('button', { name: 'Use this selfie' }).click();
  await otpScreens(page, shoot);
  await heading(page, 'Confirm your mobile number');
  await shoot('phone-send');
  await confirmChannel(page, 'phone');
  await heading(page, 'A few documents');
  await shoot('documents');
  await page
    .getByLabel('File for utility or telephone bill')
    .setInputFiles(sampleFile('electricity-bill-march.pdf', 'application/pdf'));
  await shoot('documents-chosen');
  await sendDocuments(page);
  await heading(page, 'A short form');
  await page.getByLabel('Occupation').fill('Engineer');
  await page.getByLabel('Annual income (SGD)').fill('85000');
  await shoot('form');
  await fillForm(page);
}

/** The email code: sent, a wrong one, locked out, a new one, accepted. */
async function otpScreens(page: Page, shoot: Shoot): Promise<void> {
  await heading(page, 'Confirm your email address');
  await shoot('email-send');
  await page.getByRole('button', { name: 'Send code' }).click();
  await heading(page, 'Enter the code');
  await shoot('email-code');
  await enterCode(page, '000000');
  await page.getByText('That code is not right.').waitFor();
  await shoot('email-wrong-code');
  await enterCode(page, '000000');
  await page.getByText('You entered the same code again').waitFor();
  await shoot('email-same-code-again');
  await enterCode(page, '111111');
  await page.getByText(/1 attempt left/).waitFor();
  await enterCode(page, '222222');
  await heading(page, 'Ask for a new code');
  await shoot('email-locked');
  const resend = page.getByRole('button', { name: 'Send a new code' });
  await resend.and(page.locator(':enabled')).waitFor();
  await resend.click();
  // Once more, quickly, to catch the cooldown still running after a lockout.
  await heading(page, 'Enter the code');
  for (const code of ['333333', '444444', '555555']) {
    await enterCode(page, code);
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=state-path]')?.textContent?.endsWith('verifying'),
    );
  }
  await heading(page, 'Ask for a new code');
  await shoot('email-locked-countdown');
  await shoot('panel-email-locked', { panel: true });
  await resend.and(page.locator(':enabled')).waitFor();
  await shoot('email-locked-resend-open');
  await resend.click();
  await heading(page, 'Enter the code');
  // At real speed the next status poll takes a while: hold it back to show that moment.
  await slowPolls(page);
  await enterCode(page, '123456');
  await maybe(page, 'Email address confirmed', shoot, 'email-confirmed');
  await page.unroute(SLOW_POLLS);
}

async function walk(page: Page, base: string, shoot: Shoot): Promise<void> {
  await page.goto(base);
  await heading(page, "Let's verify who you are");
  await shoot('landing');

  await page.goto(customerUrl('full').url);
  // Screening may be over in one poll at this speed: once a poll says it runs, hold the next.
  let screening = false;
  await page.route(SLOW_POLLS, async (route) => {
    if (screening) await new Promise((resolve) => setTimeout(resolve, 1_500));
    const response = await route.fetch();
    const body = await response.text();
    screening ||= body.includes('flow_action_screen_check');
    await route.fulfill({ response, body });
  });
  await fullOnboarding(page, shoot);
  await maybe(page, 'Running the usual checks', shoot, 'checks');
  await page.unroute(SLOW_POLLS);
  await heading(page, 'You are verified');
  await shoot('verified');
  await shoot('panel-verified', { panel: true });

  await page.goto(customerUrl('minimal').url);
  await heading(page, 'Confirm your details');
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.getByRole('dialog', { name: 'Start over?' }).waitFor();
  await shoot('start-over-dialog', { viewport: true });
  await page.getByRole('button', { name: 'Keep going' }).click();
  await page.getByRole('button', { name: 'Cancel verification' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel verification' }).click();
  await heading(page, 'The verification was cancelled');
  await shoot('cancelled');

  await page.goto(customerUrl('ocr-failure').url);
  await uploadIdDocument(page);
  await heading(page, 'We could not read your document');
  await shoot('ocr-failure');

  await page.goto(customerUrl('timeout').url);
  await uploadIdDocument(page);
  await confirmDetails(page);
  await heading(page, 'The verification expired');
  await shoot('expired');

  await page.goto(customerUrl('manual-review').url);
  await fullOnboarding(page, async () => undefined);
  await heading(page, 'Your application is under review');
  await shoot('under-review');
  await page.getByRole('button', { name: 'Reject' }).click();
  await heading(page, 'We cannot open your account');
  await shoot('rejected');
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.screens' },
      speed: { type: 'string', default: '8' },
    },
  });
  const out = resolve(values.out);
  const harness = await startDemoHarness(Number(values.speed));
  try {
    for (const width of WIDTHS) {
      const dir = join(out, String(width));
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const { page, errors } = await harness.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT);
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      let shot = 0;
      const shoot: Shoot = async (name, options = {}) => {
        shot += 1;
        // Let transitions and focus settle before the picture.
        if (options.settle !== false) await page.waitForTimeout(150);
        const path = join(dir, `${String(shot).padStart(2, '0')}-${name}.png`);
        if (options.panel) {
          await page.getByRole('complementary', { name: 'Flow brain' }).screenshot({ path });
          return;
        }
        if (options.viewport) {
          await page.screenshot({ path });
          return;
        }
        // The page down to the end of the step's card: the developer panel below it on a
        // phone has screenshots of its own.
        // Wider than the window if the page scrolls sideways, so that it shows.
        const size = await page.evaluate(() => ({
          bottom:
            (document.querySelector('main')?.getBoundingClientRect().bottom ?? 0) + window.scrollY,
          width: document.documentElement.scrollWidth,
        }));
        const height = Math.max(page.viewportSize()?.height ?? 0, size.bottom + 24);
        await page.screenshot({
          path,
          fullPage: true,
          clip: { x: 0, y: 0, width: Math.max(width, size.width), height },
        });
      };
      console.log(`${width} px:`);
      await walk(page, harness.demo.url, shoot);
      console.log(`  ${shot} screenshots in ${dir}`);
      if (errors.length > 0) console.log(`  page errors: ${errors.join('; ')}`);
      await page.close();
    }
  } finally {
    await harness.close();
  }
};

await main();
