import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '../support/real-services.js';
import {
  customerUrl,
  type DemoHarness,
  sampleFile,
  startDemoHarness,
  statePath,
} from './demo-harness.js';

/** Sandbox durations and the page's polling compress alike (OCR ≈ 0.2–0.5 s). */
const SPEED = 30;
/** Generous: these machines are shared and slow at times. */
const STEP_TIMEOUT = 15_000;

let harness: DemoHarness;
const pages: Page[] = [];

const open = async (scenario: string, at?: string) => {
  const { page, errors } = await harness.newPage();
  pages.push(page);
  page.setDefaultTimeout(STEP_TIMEOUT);
  const { url, customerId } = at ? { url: at, customerId: '' } : customerUrl(scenario);
  const response = await page.goto(url);
  return {
    page,
    errors,
    url,
    customerId,
    csp: response?.headers()['content-security-policy'] ?? '',
  };
};

const heading = (page: Page, name: string) =>
  page.getByRole('heading', { name, exact: true }).waitFor();

/** The flow the proxy keeps for the page's session under `key` (`flow.load`), or `null`. */
const keptFlow = (page: Page, key: string): Promise<unknown> =>
  page.evaluate(async (key) => {
    const response = await fetch('/api/kyc?api=flow.load', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    return ((await response.json()) as { data: unknown }).data;
  }, key);

const stats = () => harness.demo.sandbox.stats();
const calls = (method: string) => stats().calls[method] ?? 0;

/** Makes the tab look hidden or visible to the page, as switching tabs would. */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
    Object.defineProperty(document, 'hidden', {
      configurable: true,
      get: () => value === 'hidden',
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + STEP_TIMEOUT;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const sendCode = async (page: Page, code: string) => {
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
};

describeWithChromium('the demo page in Chromium', () => {
  beforeAll(async () => {
    harness = await startDemoHarness(SPEED);
  }, 90_000);
  afterAll(() => harness?.close());
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });

  it('under React StrictMode, registers once and starts once', async () => {
    const before = stats();
    const registerCalls = calls('workflow.applicant.register');
    const startCalls = calls('workflow.apply.submit');
    const { page, customerId } = await open('minimal');
    await heading(page, 'Confirm your details');

    const after = stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.starts - before.starts).toBe(1);
    // Not even an idempotent repeat: StrictMode's second mount reused the same flow.
    expect(calls('workflow.applicant.register') - registerCalls).toBe(1);
    expect(calls('workflow.apply.submit') - startCalls).toBe(1);
    expect(
      after.executions.filter((execution) => execution.customerId === customerId),
    ).toHaveLength(1);
  });

  it('runs where the browser blocks web storage (a sandboxed frame, a privacy mode)', async () => {
    const { page, errors } = await harness.newPage();
    pages.push(page);
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.addInitScript(() => {
      for (const name of ['localStorage', 'sessionStorage']) {
        Object.defineProperty(window, name, {
          get: () => {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      }
    });
    await page.goto(`${customerUrl('minimal').url}&storage=session`);
    await heading(page, 'Confirm your details');
    await page.getByLabel('Full name').fill('Jane Doe');
    await page.getByLabel('Date of birth').fill('1990-01-15');
    await page.getByLabel('Nationality').selectOption({ label: 'Singapore' });
    await page.getByRole('button', { name: 'Confirm my details' }).click();
    await heading(page, 'Take a selfie');
    expect(errors).toEqual([]);
  });

  it('from the landing page, keeps only the customer id in the address; a reload carries on with the email given there', async () => {
    const { page, errors } = await open('minimal', '/?storage=local');
    const email = `landing.${Date.now().toString(36)}@example.com`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Sandbox scenario').selectOption('minimal');
    await page.getByRole('button', { name: 'Start verification' }).click();
    await heading(page, 'Confirm your details');

    const address = new URL(page.url());
    const customerId = address.searchParams.get('customer');
    expect(customerId).toMatch(/\+minimal$/);
    // The other parameters stay: a reload keeps this browser's storage mode.
    expect(address.searchParams.get('storage')).toBe('local');
    expect(page.url()).not.toMatch(/email|phone|%40|@|6591234567/);
    const registered = harness.demo.sandbox
      .remember()
      .customers.find((customer) => customer.customerId === customerId);
    expect(registered?.email).toBe(email);

    const execution = await page.getByTestId('execution-id').textContent();
    await page.reload();
    await heading(page, 'Confirm your details');
    expect(await page.getByTestId('execution-id').textContent()).toBe(execution);
    expect(page.url()).not.toMatch(/@|%40/);
    expect(errors).toEqual([]);
  });

  it('polls nothing while the tab is hidden and polls again as soon as it is visible', async () => {
    const { page } = await open('minimal');
    // The flow waits for the customer here and keeps watching the execution meanwhile.
    await heading(page, 'Confirm your details');
    const status = () => calls('workflow.execution.status');
    const watching = status();
    await until(() => status() > watching, 'the watch to poll');

    await setVisibility(page, 'hidden');
    // A poll already on the wire may still land; after that, nothing.
    await page.waitForTimeout(300);
    const hidden = status();
    await page.waitForTimeout(1_500); // three watch intervals at this speed
    expect(status()).toBe(hidden);

    await setVisibility(page, 'visible');
    await until(() => status() > hidden, 'a poll once visible');
  });

  it('refuses a bad answer as a ValidationError naming the field; nothing reaches the gateway until it is fixed', async () => {
    const { page, customerId } = await open('minimal');
    await heading(page, 'Confirm your details');
    const submissions = () => calls('workflow.kyc.particular.data');
    const before = submissions();

    // Blank but not empty: the form's `required` lets it through, the page trims it to ''.
    await page.getByLabel('Full name').fill('   ');
    await page.getByLabel('Date of birth').fill('1990-01-15');
    await page.getByLabel('Nationality').selectOption({ label: 'Singapore' });
    await page.getByRole('button', { name: 'Confirm my details' }).click();
    // The customer reads what to do; the field path stays in the error, for logs.
    await page.getByRole('alert').getByText('Please enter your full name.').waitFor();
    // The page carries no schema: the proxy said no, and the gateway never heard of it.
    expect(submissions()).toBe(before);
    // The proxy keeps the flow (the demo's storage: 'server'), the refusal in it.
    await expect
      .poll(() => keptFlow(page, `kyc-flow:${customerId}`))
      .toMatchObject({
        snapshot: {
          snapshot: {
            context: {
              error: { code: 'VALIDATION_ERROR', field: 'personData.name', retryable: false },
            },
          },
        },
      });

    await page.getByLabel('Full name').fill('Jane Doe');
    await page.getByRole('button', { name: 'Confirm my details' }).click();
    await heading(page, 'Take a selfie');
    expect(submissions()).toBe(before + 1);
  });

  it('tells the customer a file it cannot use is no photo, and takes the next one', async () => {
    const { page, errors } = await open('full');
    await heading(page, 'Your ID document');
    // A text file named like a photo: its bytes say what it is.
    const notAPhoto = {
      name: 'front.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('my notes, not a photo\n'.repeat(20)),
    };
    await page.getByLabel('Front of the document').setInputFiles(notAPhoto);
    await page.getByLabel(/Back of the document/).setInputFiles(sampleFile('back.png'));
    await page.getByRole('button', { name: 'Upload and continue' }).click();
    await page
      .getByRole('alert')
      .getByText(/cannot be used here/)
      .waitFor();
    expect(calls('workflow.kyc.ocr')).toBe(0);

    await page.getByLabel('Front of the document').setInputFiles(sampleFile('front.png'));
    await page.getByRole('button', { name: 'Upload and continue' }).click();
    await heading(page, 'Confirm your details');
    // The browser logs the refused request itself; nothing else went wrong.
    expect(errors.filter((text) => !/status of 415/.test(text))).toEqual([]);
  });

  it('completes the full scenario through the UI, across a reload, on one execution', async () => {
    const before = stats();
    const { page, errors, customerId, csp } = await open('full');
    // The page runs under a CSP without 'unsafe-eval': the flow brain must not need eval.
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');

    // Identity document: two photos, then the OCR result offered for confirmation.
    await heading(page, 'Your ID document');
    await page.getByLabel('Front of the document').setInputFiles(sampleFile('front.png'));
    await page.getByLabel(/Back of the document/).setInputFiles(sampleFile('back.png'));
    await page.getByRole('button', { name: 'Upload and continue' }).click();
    await heading(page, 'Confirm your details');
    await expect.poll(() => page.getByLabel('Full name').inputValue()).toBe('John Smith');
    await page.getByRole('main').getByText('Document number', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Confirm my details' }).click();

    // Liveness: a simulated capture, really uploaded and submitted.
    await heading(page, 'Take a selfie');
    await page.getByRole('button', { name: 'Take selfie' }).click();
    await page.getByRole('img', { name: 'Your selfie' }).waitFor();
    await page.getByRole('button', { name: 'Use this selfie' }).click();

    // Email OTP: the code is out when the page is reloaded.
    await heading(page, 'Confirm your email address');
    await page.getByRole('button', { name: 'Send code' }).click();
    await heading(page, 'Enter the code');
    await page.getByText('Sandbox: the code is always 123456.').waitFor();
    const execution = await page.getByTestId('execution-id').textContent();
    expect(execution).toMatch(/\S/);

    // The link carried the email and phone: the page took them out of its address at once.
    expect(new URL(page.url()).searchParams.get('customer')).toBe(customerId);
    expect(page.url()).not.toMatch(/email|phone|%40|@|6591234567/);
    await page.reload();
    await heading(page, 'Enter the code');
    expect(await page.getByTestId('execution-id').textContent()).toBe(execution);
    await sendCode(page, '000000');
    await page.getByText('That code is not right. You have 2 attempts left.').waitFor();
    await sendCode(page, '123456');

    // Phone OTP: the number comes from what the customer gave at the start.
    await heading(page, 'Confirm your mobile number');
    await expect.poll(() => page.getByLabel('Mobile number').inputValue()).toBe('+6591234567');
    await page.getByRole('button', { name: 'Send code' }).click();
    await heading(page, 'Enter the code');
    await sendCode(page, '123456');

    // Required documents: the required bill, then send.
    await heading(page, 'A few documents');
    await page.getByText('Still needed: Utility or telephone bill.').waitFor();
    const sendDocuments = page.getByRole('button', { name: 'Send documents' });
    expect(await sendDocuments.isDisabled()).toBe(true);
    await page
      .getByLabel('File for utility or telephone bill')
      .setInputFiles(sampleFile('bill.pdf', 'application/pdf'));
    await page.getByText('Everything required is ready to send.').waitFor();
    await sendDocuments.click();

    // The form, then screening by itself, then the decision.
    await heading(page, 'A short form');
    await page.getByLabel('Occupation').fill('Engineer');
    await page.getByLabel('Annual income (SGD)').fill('85000');
    await page.getByRole('button', { name: 'Submit form' }).click();
    await heading(page, 'You are verified');
    expect(await statePath(page)).toBe('completed');

    const after = stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.starts - before.starts).toBe(1);
    const executions = after.executions.filter((entry) => entry.customerId === customerId);
    expect(executions).toEqual([
      expect.objectContaining({ executionId: execution, status: 'COMPLETED' }),
    ]);
    expect(Object.values(after.effects).filter((count) => count > 1)).toEqual([]);
    // The kept flow is gone once the outcome is final (the developer panel keeps its log).
    await expect.poll(() => keptFlow(page, `kyc-flow:${customerId}`)).toBeNull();
    const kept = await page.evaluate(() => Object.keys(sessionStorage));
    expect(kept.filter((key) => !/^kyc-demo:(log|calls):/.test(key))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('starts over in place: "Start over" forgets the flow and the page runs a new one for the same customer', async () => {
    const { page, errors, customerId } = await open('minimal');
    await heading(page, 'Confirm your details');
    const executionId = page.getByTestId('execution-id');
    const first = await executionId.textContent();
    const starts = stats().starts;

    await page.getByRole('button', { name: 'Start over' }).click();
    await page
      .getByRole('dialog', { name: 'Start over?' })
      .getByRole('button', { name: 'Start over' })
      .click();
    await expect.poll(() => executionId.textContent()).not.toMatch(new RegExp(`^(${first}|—)$`));
    await heading(page, 'Confirm your details');
    expect(stats().starts - starts).toBe(1);
    // The component still holds a running flow: it takes the customer's answers.
    await page.getByLabel('Full name').fill('Jane Doe');
    await page.getByLabel('Date of birth').fill('1990-01-15');
    await page.getByLabel('Nationality').selectOption({ label: 'Singapore' });
    await page.getByRole('button', { name: 'Confirm my details' }).click();
    await heading(page, 'Take a selfie');
    const executions = stats().executions.filter((entry) => entry.customerId === customerId);
    expect(executions.map((entry) => entry.executionId)).toEqual([
      first,
      await executionId.textContent(),
    ]);
    expect(errors).toEqual([]);
  });

  it('with the default sessionStorage too, a second tab of the customer waits and calls nothing: one registration, one start', async () => {
    const { url, customerId } = customerUrl('minimal');
    const first = await open('minimal', url);
    await heading(first.page, 'Confirm your details');
    const second = await open('minimal', url);
    const proxyCalls: string[] = [];
    second.page.on('request', (request) => {
      if (request.url().includes('/api/kyc')) proxyCalls.push(request.url());
    });
    await second.page.getByText('This verification is open in another tab.').waitFor();
    await second.page.waitForTimeout(1_000);
    expect(proxyCalls).toEqual([]);
    const executions = stats().executions.filter((entry) => entry.customerId === customerId);
    expect(executions).toHaveLength(1);
    // Its own session has nothing saved: once the first tab is gone, it begins.
    await first.page.close();
    await heading(second.page, 'Confirm your details');
    expect(second.errors).toEqual([]);
  });

  it("with storage 'local', one tab drives the flow; a second waits, calls nothing, and takes over when the first closes", async () => {
    const { url, customerId } = customerUrl('minimal');
    const shared = `${url}&storage=local`;
    const first = await open('minimal', shared);
    await heading(first.page, 'Confirm your details');
    const executionId = await first.page.getByTestId('execution-id').textContent();

    const second = await open('minimal', shared);
    const proxyCalls: string[] = [];
    second.page.on('request', (request) => {
      if (request.url().includes('/api/kyc')) proxyCalls.push(request.url());
    });
    await second.page.getByText('This verification is open in another tab.').waitFor();
    // Several watch intervals of the first tab at this speed: the second one stays quiet.
    await second.page.waitForTimeout(1_000);
    expect(proxyCalls).toEqual([]);
    expect(await first.page.getByRole('heading', { name: 'Confirm your details' }).count()).toBe(1);

    await first.page.close();
    await heading(second.page, 'Confirm your details');
    expect(await second.page.getByTestId('execution-id').textContent()).toBe(executionId);
    await second.page.getByLabel('Full name').fill('Jane Doe');
    await second.page.getByLabel('Date of birth').fill('1990-01-15');
    await second.page.getByLabel('Nationality').selectOption({ label: 'Singapore' });
    await second.page.getByRole('button', { name: 'Confirm my details' }).click();
    await heading(second.page, 'Take a selfie');
    expect(proxyCalls.length).toBeGreaterThan(0);
    const executions = stats().executions.filter((entry) => entry.customerId === customerId);
    expect(executions.map((entry) => entry.executionId)).toEqual([executionId]);
    expect(second.errors).toEqual([]);
  });
});
