import { DOCUMENT_TYPES } from './vocabulary.js';

/**
 * The tolerant reader's first step, before an answer's shape is checked: parts of a status
 * answer that a gateway may send in another spelling than the brief assumes. The vendor
 * documents several request fields as JSON-encoded strings, so a gateway that encodes
 * `currentNode`, its `config`, `result` or `error` the same way in its answers is expected,
 * not broken. A `config` (our assumption entirely) that does not fit loses the parts that do
 * not, and the host decides what to send. Applied by the server's codec before its schemas
 * read an answer, and by the proxy, which relays what it read (the browser's schema-free
 * codec then has nothing left to decode). An answer with nothing to decode is the same object.
 */

type Fields = Record<string, unknown>;

/** `original` when `read` holds the same fields with the same values, else `read`. */
const sameOr = (original: Fields, read: Fields): Fields => {
  const keys = Object.keys(read);
  const same =
    keys.length === Object.keys(original).length &&
    keys.every((key) => original[key] === read[key]);
  return same ? original : read;
};

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** FALLBACK a JSON string holding an object is that object; anything else stays as it came. */
export function decodedObject(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{')) return value;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

const KNOWN_DOCUMENT_TYPES = new Set<string>(DOCUMENT_TYPES);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Each assumed part of a config, kept only in the shape the flow reads. */
const CONFIG_PARTS: Record<string, (value: unknown) => unknown> = {
  acceptedDocumentTypes: (value) => {
    if (!isStringArray(value)) return undefined;
    const known = value.filter((type) => KNOWN_DOCUMENT_TYPES.has(type));
    if (known.length === value.length) return value;
    return known.length > 0 ? known : undefined;
  },
  requiredDocuments: (value) => {
    if (!Array.isArray(value)) return undefined;
    const known = value.filter(
      (item) =>
        isObject(item) &&
        typeof item.docType === 'string' &&
        KNOWN_DOCUMENT_TYPES.has(item.docType) &&
        typeof item.isRequired === 'boolean',
    );
    if (known.length === value.length) return value;
    return known.length > 0 ? known : undefined;
  },
  formIds: (value) => (isStringArray(value) ? value : undefined),
  region: (value) => (typeof value === 'string' ? value : undefined),
  identity: (value) => (typeof value === 'string' ? value : undefined),
};

/**
 * FALLBACK `currentNode.config`: decoded when JSON-encoded; not an object, dropped; a part
 * the brief assumes that comes in another shape, dropped (document types the client does
 * not know are left out of the lists); every other field kept as it came.
 */
export function readNodeConfig(config: unknown): Fields | undefined {
  const decoded = decodedObject(config);
  if (!isObject(decoded)) return undefined;
  const read: Fields = {};
  for (const [field, value] of Object.entries(decoded)) {
    const part = Object.hasOwn(CONFIG_PARTS, field) ? CONFIG_PARTS[field] : undefined;
    const kept = part ? part(value) : value;
    if (kept !== undefined) read[field] = kept;
  }
  return sameOr(decoded, read);
}

/**
 * FALLBACK `error`: decoded when JSON-encoded; a plain word or sentence is its `message`, a
 * number its `code`.
 */
export function readExecutionError(error: unknown): unknown {
  const decoded = decodedObject(error);
  if (typeof decoded === 'string') return { message: decoded };
  if (typeof decoded === 'number') return { code: decoded };
  return decoded;
}

/**
 * FALLBACK `result`: decoded when JSON-encoded; anything but an object is no result (a
 * COMPLETED without one has the decision UNKNOWN, never a guess).
 */
export function readExecutionResult(result: unknown): unknown {
  if (result === undefined || result === null) return result;
  const decoded = decodedObject(result);
  return isObject(decoded) ? decoded : undefined;
}

/**
 * FALLBACK an id the flow keeps and sends back, sent as a whole number (`12345`), is its
 * decimal string (`"12345"`). One past what a number holds exactly is left as it came: its
 * digits are already lost, and sending back another id would be worse than refusing it.
 */
function readIds(data: Fields, fields: readonly string[]): Fields {
  const read: Fields = { ...data };
  for (const field of fields) {
    const value = data[field];
    if (typeof value === 'number' && Number.isSafeInteger(value)) read[field] = String(value);
  }
  return sameOr(data, read);
}

/**
 * FALLBACK a count the brief assumes (an OTP's `remainingAttempts`, `cooldownSeconds`) sent
 * as a numeric string is its number; one that is no finite number at all (`null`, a word,
 * an object) is left out, and the flow does without it as when none is sent. It only
 * advises: a verify's `verified` and a send's `requestId` carry the answer.
 */
function readCounts(data: Fields, fields: readonly string[]): Fields {
  const read: Fields = { ...data };
  for (const field of fields) {
    if (!(field in data)) continue;
    const value = data[field];
    const count =
      typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof count === 'number' && Number.isFinite(count)) read[field] = count;
    else delete read[field];
  }
  return sameOr(data, read);
}

/**
 * FALLBACK a verify's `verified` sent as the word `"true"` or `"false"` (any case) is that
 * boolean. Nothing else is guessed: an answer that may say either stays unreadable.
 */
function readVerified(data: Fields): Fields {
  const { verified } = data;
  if (typeof verified !== 'string') return data;
  const word = verified.trim().toLowerCase();
  return word === 'true' || word === 'false' ? { ...data, verified: word === 'true' } : data;
}

/** The assumed parts of an OTP answer, read as above; any other method's data as it came. */
const readOtpAnswer = (method: string, data: Fields): Fields =>
  method === 'workflow.kyc.otp.verify'
    ? readVerified(readCounts(data, ['remainingAttempts']))
    : method === 'workflow.kyc.otp.send'
      ? readCounts(data, ['cooldownSeconds'])
      : data;

const ANSWER_IDS = ['executionId', 'requestId', 'customerId'];
const NODE_IDS = ['callbackKey', 'nodeId'];

const readNode = (node: unknown): unknown => {
  const decoded = decodedObject(node);
  if (!isObject(decoded)) return decoded;
  const withIds = readIds(decoded, NODE_IDS);
  if (!('config' in withIds)) return withIds;
  const { config, ...rest } = withIds;
  const read = readNodeConfig(config);
  return sameOr(withIds, read === undefined ? rest : { ...rest, config: read });
};

const present = (fields: Fields): Fields =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/** A status answer with its encoded parts read (see above); any other data as it came. */
export function decodeStatusAnswer(data: unknown): unknown {
  if (!isObject(data)) return data;
  const read: Fields = { ...data };
  if ('currentNode' in data) read.currentNode = readNode(data.currentNode);
  if ('result' in data) read.result = readExecutionResult(data.result);
  if ('error' in data) read.error = readExecutionError(data.error);
  return sameOr(data, present(read));
}

/** An OCR answer whose `result` is JSON-encoded, decoded. */
export function decodeOcrAnswer(data: unknown): unknown {
  if (!isObject(data) || !('result' in data)) return data;
  return sameOr(data, { ...data, result: decodedObject(data.result) });
}

/**
 * Every answer as the reader's first step sees it: its encoded parts read, its ids strings,
 * an OTP answer's counts and flag in the types the flow reads.
 */
export function decodeAnswer(method: string, data: unknown): unknown {
  const decoded =
    method === 'workflow.execution.status'
      ? decodeStatusAnswer(data)
      : method === 'workflow.kyc.ocr.data'
        ? decodeOcrAnswer(data)
        : data;
  return isObject(decoded) ? readOtpAnswer(method, readIds(decoded, ANSWER_IDS)) : decoded;
}
