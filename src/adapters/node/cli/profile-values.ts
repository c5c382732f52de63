import { REDACTED } from '../../../machine/index.js';
import type { CustomerProfile } from '../profile.js';
import { dateSpellings, numericDatePattern } from './date-spellings.js';
import { phoneSpellings } from './phone-spellings.js';

/** Fields whose words are a person's names: each word is kept out of output on its own too. */
const NAME_FIELDS = new Set(['name', 'fullname', 'firstname', 'lastname', 'middlename']);

/** Words of the contract, not of the person: the output names them (`added BANK_STATEMENT`). */
const CONTRACT_FIELDS = new Set(['documenttype', 'doctype', 'provider', 'region', 'status']);

/** Shorter values (a country code, `F`, `yes`) would blot out ordinary words of the output. */
const MIN_LENGTH = 4;
const MIN_NAME_WORD = 3;

/**
 * The parts of an address (`1 Example Road, #02-03, Singapore 123456`) that name the
 * customer's place on their own: a gateway may quote the street or the postcode alone, in
 * its own case. A part is kept out when it has a digit (a street number, a unit, a postcode)
 * or several words (a street, `Singapore 123456`). A lone word (`Singapore`, `Testville`)
 * is not: it is a town or a country shared by many people, and an ordinary word of output
 * (a nationality, a region, a data centre); blotting it would hide what the output says
 * while keeping nothing of the customer's.
 */
const addressParts = (text: string): string[] =>
  text
    .split(/[,;\n]/u)
    .map((part) => part.trim())
    .filter((part) => part.length >= MIN_LENGTH && (/\d/u.test(part) || /\s/u.test(part)));

const stringsOf = (value: unknown, field: string, into: Set<string>): void => {
  if (CONTRACT_FIELDS.has(field.toLowerCase())) return;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length >= MIN_LENGTH) into.add(text);
    for (const spelling of dateSpellings(text)) into.add(spelling);
    for (const spelling of phoneSpellings(text)) into.add(spelling);
    if (field.toLowerCase().includes('address')) {
      for (const part of addressParts(text)) into.add(part);
    }
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

/** A number: digits, maybe a `+`, and the separators people write between digits. */
const NUMBER = /^\+?[\d\s().-]+$/u;
/** Fewer digits would match ordinary numbers of the output (a count, a code). */
const MIN_NUMBER_DIGITS = 6;
/**
 * A character a reader does not see, which a gateway may put inside a value (`ja\u200bne`,
 * a soft hyphen, a byte order mark) so that it matches no longer as written while it reads
 * the same: a format character (zero width spaces and joiners, word joiner, soft hyphen,
 * byte order mark, bidi marks, tags), another default ignorable one, or a control character
 * other than a line break (an escape, a DEL: `--json` reads values before JSON escapes them);
 * raw, or as `printable` and JSON escape it (`\u200b`), since the scrub reads printed text.
 */
const INVISIBLE = '[\\p{Cf}\\p{DI}]|(?!\\n)\\p{Cc}|\\\\u[\\da-fA-F]{4}';
/** Text with an `INVISIBLE` in it: only such text needs the (larger, slower) pattern of gaps. */
const HAS_INVISIBLE = new RegExp(INVISIBLE, 'u');

/** What may stand between two characters of a value: with `invisible`, what a reader does not see. */
const gapOf = (invisible: boolean): string => (invisible ? `(?:${INVISIBLE})*` : '');

/**
 * What may stand between two digits of a number: `9123 4567`, `(65) 9123-4567`, spaces that
 * do not break (as some countries group digits). Not a line break: our own lines stay apart.
 * `*`, not a bounded count, which would multiply the size of the compiled expression.
 */
const betweenDigits = (invisible: boolean): string =>
  `(?:[ \\u00a0\\u2009\\u202f().-]${invisible ? `|${INVISIBLE}` : ''})*`;

/**
 * The pattern of one value: as written, save a date (see `numericDatePattern`) and a number
 * (a phone, a document number), whose digits are matched with or without separators between
 * them, as other systems group them their own way (`+65 9123 4567`, `6591234567`). With
 * `invisible`, whatever a reader does not see may also stand between any two characters.
 */
const patternOf = (value: string, invisible: boolean): string => {
  const gap = gapOf(invisible);
  const date = numericDatePattern(value, gap);
  if (date) return date;
  const digits = value.replace(/\D/gu, '');
  if (NUMBER.test(value) && digits.length >= MIN_NUMBER_DIGITS) {
    // An international number is dialled with `00` as often as written with `+`.
    const prefix = value.startsWith('+') ? `(?:\\+|0${gap}0)?${gap}` : '';
    return `${prefix}${[...digits].join(betweenDigits(invisible))}`;
  }
  return [...value].map((character) => character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(gap);
};

/** The longest value matched by a pattern (in any case, digits however grouped). */
const MAX_PATTERN_VALUE = 256;

/**
 * Where a value may begin: not inside a longer word or number, but after a JSON escape
 * (`\n`, `\u001b`), which ends in a letter or digit yet is no part of the value. NDJSON and
 * printed gateway text (see `printable`) write a line break before a name that way.
 */
const VALUE_START = '(?<=^|[^\\p{L}\\p{N}]|\\\\[bfnrt]|\\\\u[0-9a-fA-F]{4})';

/**
 * Text with each of `values` replaced by `[redacted]`: in any case, as a whole (not inside a
 * longer word), a number however its digits are grouped, and also as JSON escapes it, so an
 * NDJSON line stays valid JSON. The text as it was when there is nothing to look for.
 */
export function valueRedactor(values: readonly string[]): (text: string) => string {
  const spellings = new Set<string>();
  for (const value of values) {
    spellings.add(value);
    spellings.add(JSON.stringify(value).slice(1, -1));
  }
  if (spellings.size === 0) return (text) => text;
  // Longest first: a full name goes as one, not word by word.
  const all = [...spellings].sort((a, b) => b.length - a.length);
  // A value too long for a pattern (its expression would overflow the regexp compiler's
  // stack) is blotted out as it is written; it is nobody's name or number anyway.
  const literal = all.filter((value) => value.length > MAX_PATTERN_VALUE);
  const sorted = all.filter((value) => value.length <= MAX_PATTERN_VALUE);
  const blotLiteral = (text: string) =>
    literal.reduce((blotted, value) => blotted.split(value).join(REDACTED), text);
  if (sorted.length === 0) return blotLiteral;
  const patternOfAll = (invisible: boolean) =>
    new RegExp(
      `${VALUE_START}(?:${sorted.map((value) => patternOf(value, invisible)).join('|')})(?![\\p{L}\\p{N}])`,
      'giu',
    );
  const plain = patternOfAll(false);
  // Built on first need: it compiles to several times the size, and most text has no gaps.
  let gapped: RegExp | undefined;
  return (text) => {
    const rest = blotLiteral(text);
    if (!HAS_INVISIBLE.test(rest)) return rest.replace(plain, REDACTED);
    gapped ??= patternOfAll(true);
    return rest.replace(gapped, REDACTED);
  };
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
