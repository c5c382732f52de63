/**
 * Personal data out of anything a log, a terminal or an inspector will see: person data,
 * document and selfie URLs, email, phone, OTP codes, OCR results, form answers.
 * Pure; returns a redacted copy and never mutates its argument.
 */

export const REDACTED = '[redacted]';

/** Fields whose whole value is personal, wherever they appear. */
const PERSONAL_FIELDS = new Set(
  [
    // person data and what OCR reads off a document
    'personData',
    'name',
    'fullName',
    'firstName',
    'lastName',
    'dateOfBirth',
    'nationality',
    'sex',
    'countryOfResidence',
    'address',
    'documentNumber',
    'expiryDate',
    // contact and OTP
    'email',
    'phone',
    'identity',
    'sentTo',
    'otpCode',
    // files and the structured fields that carry them
    'frontImage',
    'backImage',
    'faceFull',
    'images',
    'url',
    'doc',
    'files',
    'front',
    'back',
    'filename',
    'formData',
    'extraData',
  ].map((field) => field.toLowerCase()),
);

// Values that are personal whatever their field is called.
const EMAIL = /[^\s@"']+@[^\s@"']+\.[^\s@"']+/g;
const FILE_URL = /\b(?:s3|file|blob|data):\/\/?[^\s"']+/gi;
const SIGNED_URL =
  /\bhttps?:\/\/[^\s"']*(?:\.(?:jpe?g|png|gif|webp|pdf|heic)|[?&](?:X-Amz-|signature|sig=))[^\s"']*/gi;

// `code` is an OTP code when it is digits (VERIFY_OTP, the verify input); error codes stay.
const OTP_CODE = /^\d{4,8}$/;

const MAX_DEPTH = 32;

export function redact<T>(value: T): T {
  return walk(value, 0, new WeakSet()) as T;
}

/** Redacts personal values inside free text (error messages, log lines). */
export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(FILE_URL, REDACTED).replace(SIGNED_URL, REDACTED);
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    if (value instanceof Error) {
      return { name: value.name, message: redactText(value.message), ...copy(value, depth, seen) };
    }
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') {
      const plain = json.call(value);
      if (plain !== value) return walk(plain, depth + 1, seen);
    }
    return copy(value, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function copy(value: object, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'function') continue;
    const personal =
      PERSONAL_FIELDS.has(key.toLowerCase()) ||
      (key === 'code' && typeof item === 'string' && OTP_CODE.test(item));
    out[key] =
      personal && item !== undefined && item !== null ? REDACTED : walk(item, depth + 1, seen);
  }
  return out;
}
