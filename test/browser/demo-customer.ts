import type { Page } from 'playwright-core';
import { sampleFile } from './demo-harness.js';

/**
 * The demo driven as a customer drives it: by headings, labels and buttons only. Shared
 * by the Chromium tests and `npm run demo:screens`.
 */
export const heading = (page: Page, name: string) =>
  page.getByRole('heading', { name, exact: true }).waitFor();

/** The step area (where a customer reads), without the developer panel. */
export const stepArea = (page: Page) => page.locator('section.step');

export async function uploadIdDocument(page: Page): Promise<void> {
  await heading(page, 'Your ID document');
  await page.getByLabel('Front of the document').setInputFiles(sampleFile('front.png'));
  await page.getByLabel(/Back of the document/).setInputFiles(sampleFile('back.png'));
  await page.getByRole('button', { name: 'Upload and continue' }).click();
}

export async function confirmDetails(page: Page): Promise<void> {
  await heading(page, 'Confirm your details');
  const name = page.getByLabel('Full name');
  if ((await name.inputValue()) === '') {
    await name.fill('Jane Doe');
    await page.getByLabel('Date of birth').fill('1990-01-15');
    await page.getByLabel('Nationality').selectOption({ label: 'Singapore' });
  }
  await page.getByRole('button', { name: 'Confirm my details' }).click();
}

export async function takeSelfie(page: Page): Promise<void> {
  await heading(page, 'Take a selfie');
  await page.getByRole('button', { name: 'Take selfie' }).click();
  await page.getByRole('img', { name: 'Your selfie' }).waitFor();
  await page.getByRole('button', { name: 'Use this selfie' }).click();
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/** Sends a code to the address the page offers, then enters the right one. */
export async function confirmChannel(page: Page, channel: 'email' | 'phone'): Promise<void> {
  await heading(
    page,
    channel === 'email' ? 'Confirm your email address' : 'Confirm your mobile number',
  );
  await page.getByRole('button', { name: 'Send code' }).click();
  await heading(page, 'Enter the code');
  await enterCode(page, '123456');
}

export async function sendDocuments(page: Page): Promise<void> {
  await heading(page, 'A few documents');
  await page
    .getByLabel('File for utility or telephone bill')
    .setInputFiles(sampleFile('bill.pdf', 'application/pdf'));
  await page.getByRole('button', { name: 'Send documents' }).click();
}

export async function fillForm(page: Page): Promise<void> {
  await heading(page, 'A short form');
  await page.getByLabel('Occupation').fill('Engineer');
  await page.getByLabel('Annual income (SGD)').fill('85000');
  await page.getByRole('button', { name: 'Submit form' }).click();
}

/** Every step of the full scenario, from the ID document to the verdict. */
export async function completeFullOnboarding(page: Page): Promise<void> {
  await uploadIdDocument(page);
  await confirmDetails(page);
  await takeSelfie(page);
  await confirmChannel(page, 'email');
  await confirmChannel(page, 'phone');
  await sendDocuments(page);
  await fillForm(page);
}
