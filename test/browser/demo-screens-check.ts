import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * What a customer must never read on a step: field names (`dateOfBirth`), codes and event
 * names (`INTERNATIONAL_PASSPORT`, `RESEND_OTP`), paths (`otp.resendAvailableAt`), markup.
 */
const RAW = [
  /\b[a-z]+[A-Z][A-Za-z]*\b/,
  /\b[A-Z]+_[A-Z_]+\b/,
  /\b(START|RETAKE|RETRY|CANCEL)\b/,
  /\b[a-z]+\.[a-z][A-Za-z]*\b/,
  /`|\bundefined\b|\bnull\b|\bNaN\b|\[object/,
];

/** The step area as assistive tech reads it, options of long pickers left out. */
const readable = async (page: Page) =>
  (await page.getByRole('main').ariaSnapshot())
    .split('\n')
    .filter((line) => !/^\s*- option /.test(line))
    .join('\n');

/** Words only: emails and file names are the customer's own and may have dots. */
const wordsOf = (snapshot: string) =>
  snapshot.replace(/[\w.+-]+@[\w-]+\.[\w.]+|[\w.-]+\.(?:pdf|png|jpe?g)\b/g, '');

/** Checks a screen for what the issue lists: plain words, named controls, no sideways scroll. */
export async function expectPlainScreen(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { name: title, exact: true }).waitFor();
  const snapshot = await readable(page);
  // The snapshot's own syntax is `- role "name"`: look at what it quotes and says.
  const shown = wordsOf(snapshot.replace(/^\s*- [a-z]+(?: "|: | \[|:$)/gm, ' '));
  for (const pattern of RAW) expect(shown, `${title}: ${pattern}`).not.toMatch(pattern);
  // A control without a name reads as its role alone.
  expect(snapshot, `${title}: a control without a name`).not.toMatch(
    /^\s*- (button|textbox|combobox|checkbox|radio|spinbutton|slider|link)(\s*\[[^\]]*\])*:?\s*$/m,
  );
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${title}: the page scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

/** The steps the progress bar names as done, in order. */
export async function doneSteps(page: Page): Promise<string[]> {
  const progress = await page.getByRole('navigation', { name: 'Progress' }).ariaSnapshot();
  return [...progress.matchAll(/listitem: (.+?)\s*, done$/gm)].map((match) => match[1] ?? '');
}

/** Focus is on the heading of the step now shown (moved there when the step changed). */
export async function expectFocusOnHeading(page: Page, title: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() =>
        document.activeElement?.tagName === 'H2' ? document.activeElement.textContent : '',
      ),
    )
    .toBe(title);
}

/** The polite live regions of the step area: there must be one, the status line. */
export const politeRegions = (page: Page) =>
  page.locator('main [role="status"], main [aria-live="polite"]');
