/**
 * The country calling codes of one or two digits (ITU-T E.164). Calling codes are a prefix
 * code, none the start of another: a number's code is the one of these it begins with,
 * else its first three digits, since every other code has three. So this short table reads
 * the code off any international number, with no table of countries.
 */
const SHORT_CALLING_CODES = new Set(
  [
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49',
    '51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98',
  ]
    .join(' ')
    .split(' '),
);

const callingCodeOf = (digits: string): string =>
  [digits.slice(0, 1), digits.slice(0, 2)].find((code) => SHORT_CALLING_CODES.has(code)) ??
  digits.slice(0, 3);

/** Shorter national numbers would blot out ordinary numbers of the output. */
const MIN_NATIONAL_DIGITS = 6;

/**
 * An international number (`+65 9123 4567`, `0065 9123 4567`) as it is also written: with
 * `+` (`+6591234567`), and as the national number alone, bare (`91234567`) and after the
 * trunk prefix `0` most countries dial at home (`07700 900123` for `+44 7700 900123`).
 * Separators between the digits are the redactor's concern. A number written without its
 * country code is already its national number, and its international form is not guessed.
 */
export const phoneSpellings = (text: string): string[] => {
  const match = /^(?:\+|00)(\d{8,15})$/u.exec(text.replace(/[\s().-]+/gu, ''));
  if (!match?.[1]) return [];
  const digits = match[1];
  const national = digits.slice(callingCodeOf(digits).length);
  if (national.length < MIN_NATIONAL_DIGITS) return [`+${digits}`];
  return [`+${digits}`, national, `0${national}`];
};
