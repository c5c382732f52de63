import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '../support/real-services.js';
import {
  confirmDetails,
  enterCode,
  fillForm,
  heading,
  sendDocuments,
  stepArea,
  takeSelfie,
  uploadIdDocument,
} from './demo-customer.js';
import { customerUrl, type DemoHarness, sampleFile, startDemoHarness } from './demo-harness.js';
import {
  doneSteps,
  expectFocusOnHeading,
  expectPlainScreen,
  politeRegions,
} from './demo-screens-check.js';

/**
 * Sandbox and page at 10×: OCR in about a second, and an OTP cooldown of three seconds,
 * long enough for a lockout to come while it still runs.
 */
const SPEED = 10;
const STEP_TIMEOUT = 15_000;
/** A whole onboarding per test: generous, these machines are shared and slow at times. */
const TEST_TIMEOUT = 90_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let harness: DemoHarness;
const pages: Page[] = [];

const open = async (scenario: string, viewport: { width: number; height: number }) => {
  const { page, errors } = await harness.newPage();
  pages.push(page);
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.setViewportSize(viewport);
  await page.goto(customerUrl(scenario).url);
  return { page, errors };
};

/**
 * Records every heading the step area shows, in order, from now on (a form shown for a
 * moment counts): a MutationObserver in the page.
 */
const recordHeadings = (page: Page) =>
  page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { headings: string[] }).headings = seen;
    const note = () => {
      const text = document.querySelector('section.step h2')?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    note();
  });
const headingsSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { headings: string[] }).headings);

const FULL_STEPS = ['ID document', 'Your details', 'Selfie', 'Email', 'Phone', 'Documents'];

describeWithChromium('the demo as a customer lives it, in Chromium', () => {
  beforeAll(async () => {
    harness = await startDemoHarness(SPEED);
  }, 90_000);
  afterAll(() => harness?.close());
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });

  it(
    'on a phone, every step fits the screen, speaks plainly, names its controls, takes focus and says which steps are done',
    async () => {
      const { page, errors } = await open('full', PHONE);
      await recordHeadings(page);
      const screen = async (title: string, done: readonly string[]) => {
        await expectPlainScreen(page, title);
        await expectFocusOnHeading(page, title);
        expect(await doneSteps(page)).toEqual(done);
        // One polite line speaks for the step; the forms themselves are not live.
        expect(await politeRegions(page).count()).toBe(1);
      };

      await expectPlainScreen(page, 'Your ID document');
      await page.getByText('issued in Singapore.').waitFor();
      await uploadIdDocument(page);
      await screen('Confirm your details', FULL_STEPS.slice(0, 1));
      expect(await politeRegions(page).textContent()).toBe('Step 2 of 8: Your details.');
      await confirmDetails(page);

      await screen('Take a selfie', FULL_STEPS.slice(0, 2));
      // Before the picture: a frame with its caption inside it, not a black square.
      const frame = await page.locator('.camera').boundingBox();
      const caption = await page.getByText('Camera preview (simulated)').boundingBox();
      expect(caption && frame && caption.y + caption.height <= frame.y + frame.height).toBe(true);
      await takeSelfie(page);

      await screen('Confirm your email address', FULL_STEPS.slice(0, 3));
      await page.getByRole('button', { name: 'Send code' }).click();
      await screen('Enter the code', FULL_STEPS.slice(0, 3));
      await enterCode(page, '123456');
      await screen('Confirm your mobile number', FULL_STEPS.slice(0, 4));
      await page.getByRole('button', { name: 'Send code' }).click();
      await screen('Enter the code', FULL_STEPS.slice(0, 4));
      await enterCode(page, '123456');

      // A file shows its name once chosen, and another one replaces it.
      await screen('A few documents', FULL_STEPS.slice(0, 5));
      const bill = page.getByLabel('File for utility or telephone bill');
      await bill.setInputFiles(sampleFile('old-bill.pdf', 'application/pdf'));
      await page.getByText(/^old-bill\.pdf \(\d+ (bytes|KB)\)$/).waitFor();
      await bill.setInputFiles(sampleFile('march-bill.pdf', 'application/pdf'));
      await page.getByText(/^march-bill\.pdf \(\d+ (bytes|KB)\)$/).waitFor();
      expect(await page.getByText('old-bill.pdf').count()).toBe(0);
      await expectPlainScreen(page, 'A few documents');
      await page.getByRole('button', { name: 'Send documents' }).click();

      await screen('A short form', FULL_STEPS);
      await fillForm(page);
      await screen('You are verified', [...FULL_STEPS, 'Form', 'Checks']);

      // The send-code form never came back once a code was accepted, not even for a moment.
      const headings = await headingsSeen(page);
      expect(headings.filter((text) => text === 'Confirm your email address')).toHaveLength(1);
      expect(headings.filter((text) => text === 'Confirm your mobile number')).toHaveLength(1);
      // The developer panel counts what the page did: two photos, a selfie and a bill.
      const calls = page.getByTestId('call-counts');
      await expect.poll(() => calls.textContent()).toMatch(/^1 registration · 1 start · /);
      await expect.poll(() => calls.textContent()).toContain('4 uploads');
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'after three wrong codes the customer reads what to do, the resend opens when the cooldown ends (a reload changes nothing), and the onboarding finishes',
    async () => {
      const { page, errors } = await open('full', DESKTOP);
      await uploadIdDocument(page);
      await confirmDetails(page);
      await takeSelfie(page);
      await heading(page, 'Confirm your email address');
      await page.getByRole('button', { name: 'Send code' }).click();
      await heading(page, 'Enter the code');

      const alert = page.getByRole('main').getByRole('alert');
      await enterCode(page, '111111');
      await expect
        .poll(() => alert.textContent())
        .toBe('That code is not right. You have 2 attempts left.');
      // A code the gateway turned down is not sent to it again (no attempt spent): say so.
      await enterCode(page, '111111');
      await expect
        .poll(() => alert.textContent())
        .toBe(
          'You entered the same code again, and it is still not right. You have 2 attempts left.',
        );
      await enterCode(page, '222222');
      await expect
        .poll(() => alert.textContent())
        .toBe('That code is not right. You have 1 attempt left.');
      await enterCode(page, '333333');

      const locked = 'That was the last try for this code. Ask for a new code to carry on.';
      await expectPlainScreen(page, 'Ask for a new code');
      expect(await alert.textContent()).toBe(locked);
      // The panel says what the flow waits for: the cooldown, then the resend.
      expect(await page.getByTestId('waits-for').textContent()).toMatch(/RESEND_OTP/);
      // The chart lights the active path, from the root down to the leaf.
      const state = (await page.getByTestId('state-path').textContent()) ?? '';
      expect(await page.locator('.statechart li.active').count()).toBe(state.split('.').length);
      expect(await page.locator('.statechart li[aria-current]').getAttribute('data-path')).toBe(
        state,
      );

      // The cooldown ends, and so does its countdown: the resend opens without a reload.
      const resend = page.getByRole('button', { name: 'Send a new code' });
      await expect.poll(() => resend.isEnabled(), { timeout: 5_000 }).toBe(true);

      await page.reload();
      await expectPlainScreen(page, 'Ask for a new code');
      expect(await alert.textContent()).toBe(locked);
      // The log carries on across the reload, with a line where the page loaded.
      await page.getByRole('list', { name: 'Event log' }).getByText('page loaded').waitFor();
      expect(
        await page
          .getByRole('list', { name: 'Event log' })
          .getByText('VERIFY_OTP', { exact: true })
          .count(),
      ).toBe(4);

      await expect.poll(() => resend.isEnabled(), { timeout: 5_000 }).toBe(true);
      await resend.click();
      await heading(page, 'Enter the code');
      // Nothing but time opens the resend while a code is out: the hook re-renders for it.
      expect(await resend.isDisabled()).toBe(true);
      await page.getByText(/^You can ask for a new code in \d seconds?\.$/).waitFor();
      await expect.poll(() => resend.isEnabled(), { timeout: 5_000 }).toBe(true);
      await enterCode(page, '123456');
      await heading(page, 'Confirm your mobile number');
      await page.getByRole('button', { name: 'Send code' }).click();
      await heading(page, 'Enter the code');
      await enterCode(page, '123456');
      await sendDocuments(page);
      await fillForm(page);
      await heading(page, 'You are verified');
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'tells a customer whose session ended to sign in again, and a paused flow says each thing once',
    async () => {
      const { page, errors } = await open('minimal', PHONE);
      await heading(page, 'Confirm your details');
      // The gateway is overloaded for a while: every try of this submission answers 503.
      harness.demo.sandbox.injectFaults({
        kind: 'http-503',
        method: 'workflow.kyc.particular.data',
        times: 50,
      });
      await confirmDetails(page);
      await expectPlainScreen(page, 'We lost touch with our servers');
      const paused = (await stepArea(page).locator('p').first().textContent()) ?? '';
      expect(paused.match(/Nothing you entered is lost/g)).toHaveLength(1);

      // The session ends (its cookie expired, or the customer signed out in another tab).
      expect(harness.demo.sandbox.clearFaults()).toBeGreaterThan(0);
      await page.context().clearCookies();
      await page.getByRole('button', { name: 'Try again now' }).click();
      await expectPlainScreen(page, 'We cannot continue right now');
      expect(await stepArea(page).locator('p').first().textContent()).toBe(
        'Please sign in again to carry on with your verification.',
      );
      // The page's one live region says the flow has stopped, not that it is getting ready.
      expect(await page.getByTestId('step-status').textContent()).toBe(
        'We cannot continue right now.',
      );
      // Chromium logs each refused call; nothing else went wrong on the page.
      expect(errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'reads an unreadable photo out in plain words, shows what OCR read by name, picks countries by name, and asks before starting over',
    async () => {
      const { page, errors } = await open('ocr-failure', PHONE);
      await heading(page, 'Your ID document');
      const front = page.getByLabel('Front of the document');
      await front.setInputFiles(sampleFile('blurry.png'));
      await page.getByText(/^blurry\.png \(\d+ (bytes|KB)\)$/).waitFor();
      await front.setInputFiles(sampleFile('front.png'));
      await page.getByText(/^front\.png \(\d+ (bytes|KB)\)$/).waitFor();
      await page.getByRole('button', { name: 'Upload and continue' }).click();

      await expectPlainScreen(page, 'We could not read your document');
      expect(await page.locator('section.step p').textContent()).toBe(
        'The photos may be blurred, too dark or have glare on them. Please take new photos in good light, with the whole document in view.',
      );
      await page.getByRole('button', { name: 'Take new photos' }).click();
      await uploadIdDocument(page);

      await expectPlainScreen(page, 'Confirm your details');
      const read = page.getByRole('region', { name: 'What we read from your document' });
      expect(await read.getByRole('term').allTextContents()).toEqual([
        'Document',
        'Document number',
        'Name',
        'Date of birth',
        'Nationality',
        'Sex',
        'Valid until',
      ]);
      expect(await read.getByRole('definition').nth(4).textContent()).toBe('Singapore');
      // A picker of countries by name: "Singapore" is Singapore, never "Si" (Slovenia).
      const nationality = page.getByLabel('Nationality');
      expect(await nationality.inputValue()).toBe('SG');
      await nationality.selectOption({ label: 'Slovenia' });
      expect(await nationality.inputValue()).toBe('SI');
      await nationality.selectOption({ label: 'Singapore' });

      const execution = await page.getByTestId('execution-id').textContent();
      await page.getByRole('button', { name: 'Start over' }).click();
      const dialog = page.getByRole('dialog', { name: 'Start over?' });
      await dialog.getByRole('button', { name: 'Keep going' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.getByLabel('Full name').inputValue()).toBe('John Smith');
      expect(await page.getByTestId('execution-id').textContent()).toBe(execution);

      await page.getByRole('button', { name: 'Start over' }).click();
      await dialog.getByRole('button', { name: 'Start over' }).click();
      await heading(page, 'Your ID document');
      await expect.poll(() => page.getByTestId('execution-id').textContent()).not.toBe(execution);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
