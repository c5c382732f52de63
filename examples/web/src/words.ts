import { countryName } from 'kyc-flow/countries';

/** `1 attempt`, `2 attempts`; `plural` defaults to the word with an `s`. */
export const count = (n: number, word: string, plural = `${word}s`): string =>
  `${n} ${n === 1 ? word : plural}`;

/** The language the page is written in, for names of countries and dates. */
export const pageLocale = (): string => document.documentElement.lang || 'en';

/** What the customer calls each document type. */
export const DOCUMENT_LABELS: Readonly<Record<string, string>> = {
  INTERNATIONAL_PASSPORT: 'Passport',
  NATIONAL_ID: 'National ID card',
  DRIVING_LICENCE: 'Driving licence',
  RESIDENCE_PERMIT: 'Residence permit',
  UTILITY_TELEPHONE_BILL: 'Utility or telephone bill',
  BANK_STATEMENT: 'Bank statement',
  CUSTOMER_ACCEPTANCE_FORM: 'Customer acceptance form',
  SELF_IMAGE: 'Photo of yourself',
};

/** `UTILITY_TELEPHONE_BILL` → `Utility telephone bill`; `dateOfIssue` → `Date of issue`. */
export const humanise = (name: string): string => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export const documentLabel = (docType: string): string =>
  DOCUMENT_LABELS[docType] ?? humanise(docType);

/** A country code as its name; a code that names no country as it is. */
export const countryLabel = (code: string): string => countryName(code, pageLocale()) ?? code;

/** Title case for what OCR reads in capitals: JOHN SMITH → John Smith. */
export const titleCase = (text: string): string =>
  text
    .toLowerCase()
    .replace(/(^|[\s'-])(\p{L})/gu, (_, gap: string, letter: string) => gap + letter.toUpperCase());

/** `1990-01-15` → `15 January 1990` in the page's language; anything else as it is. */
export const longDate = (iso: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return new Intl.DateTimeFormat(pageLocale(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
};

/** A file's size in the units people read. */
export const fileSize = (bytes: number): string =>
  bytes < 1024
    ? count(bytes, 'byte')
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
