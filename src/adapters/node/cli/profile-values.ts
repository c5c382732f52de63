import { REDACTED } from '../../../machine/index.js';
import type { CustomerProfile } from '../profile.js';

/** Fields whose words are a person's names: each word is kept out of output on its own too. */
const NAME_FIELDS = new Set(['name', 'fullname', 'firstname', 'lastname', 'middlename']);

/** Words of the contract, not of the person: the output names them (`added BANK_STATEMENT`). */
const CONTRACT_FIELDS = new Set(['documenttype', 'doctype', 'provider', 'region', 'status']);

/** Shorter values (a country code, `F`, `yes`) would blot out ordinary words of the output. */
const MIN_LENGTH = 4;
const MIN_NAME_WORD = 3;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date (`1990-04-12`) as people and other systems also write it: `12 Apr 1990`, `12/04/1990`, … */
const dateSpellings = (text: string): string[] => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  const month = MONTHS[Number(match?.[2]) - 1];
  if (!match || !month) return [];
  const [, year, mm, dd] = match;
  const day = String(Number(dd));
  const short = month.slice(0, 3);
  return [
    `${dd} ${short} ${year}`,
    `${day} ${short} ${year}`,
    `${day} ${month} ${year}`,
    `${short} ${day}, ${year}`,
    `${month} ${day}, ${year}`,
    `${dd}/${mm}/${year}`,
    `${mm}/${dd}/${year}`,
    `${dd}.${mm}.${year}`,
    `${year}/${mm}/${dd}`,
  ];
};

const stringsOf = (value: unknown, field: string, into: Set<string>): void => {
  if (CONTRACT_FIELDS.has(field.toLowerCase())) return;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length >= MIN_LENGTH) into.add(text);
    for (const spelling of dateSpellings(text)) into.add(spelling);
    // A number written with spaces or dashes is echoed without them as often as with.
    const compact = text.replace(/[\s().-]+/gu, '');
    if (compact !== text && /^\+?\d{6,}$/u.test(compact)) into.add(compact);
    if (NAME_FIELDS.has(field.toLowerCase())) {
      for (const word of text.split(/[\s,.'-]+/u)) if (word.length >= MIN_NAME_WORD) into.add(word);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) stringsOf(item, field, into);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) stringsOf(item, key, into);
  }
};

/**
 * The personal values a profile holds: its contact, its person data, document numbers and
 * file names, form answers, its OTP code. A gateway's free text (a refusal, a FAILED's
 * reason) may echo any of them, which no pattern can tell from other words.
 */
export function personalValuesOf(profile: CustomerProfile): string[] {
  const values = new Set<string>();
  const { customer, person, identityDocument, liveness, documents, forms, otp } = profile;
  stringsOf({ email: customer.email, phone: customer.phone }, '', values);
  stringsOf({ person, identityDocument, selfie: liveness?.selfie, documents, forms }, '', values);
  if (otp?.code) values.add(otp.code);
  return [...values];
}

const asPattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text with each of `values` replaced by `[redacted]`: in any case, as a whole (not inside a
 * longer word), and also as JSON escapes it, so an NDJSON line stays valid JSON. The text
 * as it was when there is nothing to look for.
 */
export function valueRedactor(values: readonly string[]): (text: string) => string {
  const spellings = new Set<string>();
  for (const value of values) {
    spellings.add(value);
    spellings.add(JSON.stringify(value).slice(1, -1));
  }
  if (spellings.size === 0) return (text) => text;
  // Longest first: a full name goes as one, not word by word.
  const alternatives = [...spellings].sort((a, b) => b.length - a.length).map(asPattern);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  return (text) => text.replace(pattern, REDACTED);
}

/** A scrub of output that also learns values met during the run. */
export interface PersonalScrub {
  (text: string): string;
  /** Keeps the string values in `value` out of output from now on (an OCR result). */
  learn(value: unknown): void;
}

/**
 * The profile's personal values kept out of output, and those the run learns on the way:
 * an OCR result is read off the customer's document (name, number, dates), and a gateway's
 * free text may echo it as it may echo the profile.
 */
export function personalScrub(profile: CustomerProfile): PersonalScrub {
  const values = new Set(personalValuesOf(profile));
  let redact = valueRedactor([...values]);
  const scrub = (text: string) => redact(text);
  return Object.assign(scrub, {
    learn(value: unknown) {
      const known = values.size;
      stringsOf(value, '', values);
      if (values.size !== known) redact = valueRedactor([...values]);
    },
  });
}
