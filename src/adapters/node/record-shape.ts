import { createHmac, randomBytes } from 'node:crypto';
import { REDACTED, redact, redactText } from '../../machine/index.js';
import { FILE_FIELD, JSON_FIELD, type Shape } from '../../sandbox/replay-format.js';

/** Identifiers: recorded as pseudonyms, equal wherever the value was equal. */
const ID_KEYS = new Set([
  'executionId',
  'callbackKey',
  'requestId',
  'customerId',
  'referenceId',
  'nodeId',
]);

/** Fields whose value is a word of the contract's vocabulary, never a person's data. */
const VOCABULARY_KEYS = new Set([
  'status',
  'nodeType',
  'decision',
  'docType',
  'documentType',
  'acceptedDocumentTypes',
  'channel',
  'type',
  'eventType',
  'source',
  'provider',
  'formId',
  'formIds',
  'content_type',
  'brightnessStatus',
  'reason',
]);

/** A vocabulary word: short, no spaces, nothing that reads as an address or a code. */
const WORD = /^(?=.*[A-Za-z_])[A-Za-z0-9_./-]{1,64}$/;

/**
 * Messages of the envelope: kept, with emails and file URLs taken out, and whatever else the
 * shaper's `scrubMessage` knows to be personal (the CLI: its profile's values).
 */
const MESSAGE_KEYS = new Set(['apiMsg', 'msg', 'message']);

const personalKeys = new Map<string, boolean>();
/**
 * Personal by the same list that redacts logs and inspector events (`machine/redact.ts`),
 * asked rather than copied so that a field added there is personal here too.
 */
const isPersonalKey = (key: string): boolean => {
  let personal = personalKeys.get(key);
  if (personal === undefined) {
    personal = redact({ [key]: 'x' })[key] === REDACTED;
    personalKeys.set(key, personal);
  }
  return personal;
};

/**
 * Turns JSON into its shape (see `replay-format.ts`): keys, types, lengths, vocabulary
 * words and numbers stay; personal values become placeholders, identifiers pseudonyms.
 * Pseudonyms are keyed with a salt that lives only as long as the shaper, so they cannot
 * be looked up from the values.
 */
export function createShaper(
  salt: Buffer = randomBytes(32),
  scrubMessage: (text: string) => string = (text) => text,
) {
  const pseudonym = (value: string) =>
    `<id:${createHmac('sha256', salt).update(value).digest('hex').slice(0, 10)}>`;

  function shapeOf(value: unknown, key: string, personal: boolean): Shape {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((item) => shapeOf(item, key, personal));
    if (typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([inner, item]) => [
          inner,
          shapeOf(item, inner, personal || isPersonalKey(inner)),
        ]),
      );
    }
    if (typeof value === 'number') return personal ? '<number>' : value;
    if (typeof value === 'boolean') return personal ? '<boolean>' : value;
    return shapeOfText(String(value), key, personal);
  }

  function shapeOfText(text: string, key: string, personal: boolean): Shape {
    if (!personal && ID_KEYS.has(key)) return pseudonym(text);
    if (!personal && VOCABULARY_KEYS.has(key) && WORD.test(text)) return text;
    const encoded = jsonInside(text);
    if (encoded !== undefined) return { [JSON_FIELD]: shapeOf(encoded, key, personal) };
    return `<string:${text.length}>`;
  }

  return {
    /** The shape of a request or response body (an envelope keeps its message, redacted). */
    body(value: unknown): Shape {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return shapeOf(value, '', false);
      }
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          MESSAGE_KEYS.has(key) && typeof item === 'string'
            ? scrubMessage(redactText(item))
            : shapeOf(item, key, isPersonalKey(key)),
        ]),
      );
    },
    /** The shape of a multipart upload: its fields, and each file's type and size. */
    form(form: FormData): Shape {
      const out: Record<string, Shape> = {};
      for (const [key, item] of form.entries()) {
        out[key] =
          typeof item === 'string'
            ? shapeOf(item, key, isPersonalKey(key))
            : { [FILE_FIELD]: { type: item.type, size: item.size } };
      }
      return out;
    },
  };
}

export type Shaper = ReturnType<typeof createShaper>;

/** The object or array a JSON string field encodes, if it encodes one. */
function jsonInside(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
