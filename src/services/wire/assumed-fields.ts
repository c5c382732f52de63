import { DOCUMENT_TYPES } from './vocabulary.js';

/**
 * The tolerant reader's first step for the fields the brief only assumes (every optional
 * field of an answer): what a gateway may send in their place that says nothing else. A
 * `null` where a field is optional is the field left out, as serialisers that write every
 * field send it; a value the flow cannot use in an advisory field is left out too, and the
 * flow does without it as when none is sent. Nothing the flow decides on is guessed: a
 * required field that is missing or unreadable still breaks the contract, named.
 */

export type Fields = Record<string, unknown>;

export const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `original` when `read` holds the same fields with the same values, else `read`. */
export const sameOr = (original: Fields, read: Fields): Fields => {
  const keys = Object.keys(read);
  const same =
    keys.length === Object.keys(original).length &&
    keys.every((key) => original[key] === read[key]);
  return same ? original : read;
};

/** Each of `fields` kept as `read` turns it (`undefined`: left out); the rest as they came. */
function readFields(
  data: Fields,
  fields: Readonly<Record<string, (value: unknown) => unknown>>,
): Fields {
  const read: Fields = { ...data };
  for (const [field, turn] of Object.entries(fields)) {
    if (!Object.hasOwn(data, field)) continue;
    const value = turn(data[field]);
    if (value === undefined) delete read[field];
    else read[field] = value;
  }
  return sameOr(data, read);
}

/** FALLBACK an optional field sent as `null` is left out. */
const notNull = (value: unknown): unknown => (value === null ? undefined : value);

/** FALLBACK `null` where an optional field may be: each of `fields` left out. */
export const withoutNulls = (data: Fields, fields: readonly string[]): Fields =>
  readFields(data, Object.fromEntries(fields.map((field) => [field, notNull])));

/**
 * FALLBACK a count the brief assumes (an OTP's `remainingAttempts`, `cooldownSeconds`) sent
 * as a numeric string is its number; one that is no finite number at all (`null`, a word,
 * an object) is left out. It only advises: `verified` and `requestId` carry the answer.
 */
const count = (value: unknown): unknown => {
  const read =
    typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  return typeof read === 'number' && Number.isFinite(read) ? read : undefined;
};

/**
 * FALLBACK a verify's `verified` sent as the word `"true"` or `"false"` (any case) is that
 * boolean. Nothing else is guessed: an answer that may say either stays unreadable.
 */
export const flag = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : value;
};

/** Advisory text: a string as it came, a number as its digits, anything else left out. */
const text = (value: unknown): unknown =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : undefined;

/**
 * FALLBACK what only describes an outcome the status already gives (an execution's `error`,
 * an OCR's `reason`, a start's `status`): kept when it reads as text (a code as a string or a
 * number), else left out; the outcome itself is never held up by how it is described.
 */
export const readExecutionErrorFields = (error: Fields): Fields =>
  readFields(error, {
    code: (value) => (typeof value === 'number' && Number.isFinite(value) ? value : text(value)),
    message: text,
  });
export const readOcrReason = (data: Fields): Fields => readFields(data, { reason: text });

/**
 * FALLBACK a node's `nodeId`, which only names the callbackKey derived for a node sent
 * without one: one that is no text (after `readIds`) is left out. Not the callbackKey: the
 * gateway expects its own back, and one derived in its place would be refused.
 */
export const readNodeId = (node: Fields): Fields =>
  readFields(node, { nodeId: (value) => (typeof value === 'string' ? value : undefined) });
export const readStartAnswer = (data: Fields): Fields =>
  readFields(data, { status: (value) => (typeof value === 'string' ? value : undefined) });

/**
 * FALLBACK a verify the gateway took (apiCode 200) without a word on the code (`verified`
 * left out or `null`: `{}`, `{ success: true }`, `{ status: 'VERIFIED' }`, no data at all)
 * is read with `verified` left out, as it came: the flow takes it as taken, tells the host
 * so unconfirmed, and the status read that follows says whether the node moved on; one that
 * still waits under its callbackKey is read on, its code asked for and verified once more,
 * then needs attention (ANSWER_NOT_TAKEN), never a wrong code nobody said. Left out, not
 * made `true`: a proxy relays what it read, and a page must not read a word nobody said.
 * Only `false` (or the word) is a wrong code; a `verified` that says neither still breaks
 * the contract.
 */
export const readOtpVerify = (data: Fields): Fields => {
  const { verified, ...read } = readFields(data, { verified: flag, remainingAttempts: count });
  return verified === undefined || verified === null ? read : { ...read, verified };
};

/** Where a send's answer may carry the requestId instead, in the order they are looked at. */
const REQUEST_ID_NAMES = ['requestID', 'request_id', 'otpId', 'id'];

/**
 * FALLBACK a send's `requestId` left out (or `null`) but sent under another common name
 * (`REQUEST_ID_NAMES`) as text or a whole number is read as it, the other name kept too.
 * None at all still breaks the contract, named: verify must send one back (the guide's
 * verify carries it), and a send is never repeated by itself (each is a code to the customer).
 */
const withRequestId = (data: Fields): Fields => {
  if (data.requestId !== undefined && data.requestId !== null) return data;
  const value = REQUEST_ID_NAMES.map((name) => data[name]).find(
    (id) => (typeof id === 'string' && id !== '') || Number.isSafeInteger(id),
  );
  return value === undefined ? data : { ...data, requestId: String(value) };
};
export const readOtpSend = (data: Fields): Fields =>
  readFields(withRequestId(data), { cooldownSeconds: count });

/**
 * FALLBACK a submission's answer, which the flow does not read: anything but an object is
 * no data (`null`), and a field the brief names that comes in another type is left out.
 */
export function readAck(data: unknown): unknown {
  if (data === undefined || data === null) return data;
  if (!isObject(data)) return null;
  const string = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return readFields(data, {
    executionId: string,
    callbackKey: string,
    accepted: (value) => (typeof value === 'boolean' ? value : undefined),
  });
}

/** The document types the client knows; any other is left out where the brief assumes one. */
export const KNOWN_DOCUMENT_TYPES: ReadonlySet<string> = new Set<string>(DOCUMENT_TYPES);

/** A document type in any case; one the client does not know is left out, as in a node's config. */
export const documentTypeOf = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const type = value.trim().toUpperCase();
  return KNOWN_DOCUMENT_TYPES.has(type) ? type : undefined;
};

/**
 * FALLBACK the fields an OCR extracted (every one optional, and what an engine did not find
 * it often sends as `null`): each kept in the shape the host reads, else left out; fields
 * the brief does not name pass on as they came.
 */
export const readOcrResult = (result: Fields): Fields =>
  readFields(result, {
    documentType: documentTypeOf,
    documentNumber: text,
    name: text,
    dateOfBirth: text,
    nationality: text,
    sex: text,
    expiryDate: text,
  });

/**
 * FALLBACK an OCR status in any case (`success` is SUCCESS). Any other word (PENDING,
 * IN_PROGRESS, QUEUED…) stays as it came and reads as an OCR not done yet, read again at the
 * OCR's pace until its last read, which counts it as FAILED naming that word. No word is
 * guessed to mean failure (`ERROR`, `REJECTED`): a gateway that says it while still reading
 * would have the customer retake a document it was about to read; at worst it is read until
 * the last read, and then fails all the same.
 */
export const readOcrStatus = (status: unknown): unknown =>
  typeof status === 'string' && /^\s*(processing|success|failed)\s*$/i.test(status)
    ? status.trim().toUpperCase()
    : status;
