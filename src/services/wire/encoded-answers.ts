import {
  documentTypeOf,
  type Fields,
  flag,
  isObject,
  readAck,
  readExecutionErrorFields,
  readNodeId,
  readOcrReason,
  readOcrResult,
  readOcrStatus,
  readOtpSend,
  readOtpVerify,
  readStartAnswer,
  sameOr,
  withoutNulls,
} from './assumed-fields.js';
import type { MethodName } from './methods.js';

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

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The items `read` can read, read (the same list when each reads as it came); none at all,
 * no list (the host decides what to send).
 */
const knownItems = (value: unknown, read: (item: unknown) => unknown): unknown[] | undefined => {
  if (!Array.isArray(value)) return undefined;
  const known = value.map(read).filter((item) => item !== undefined);
  if (known.length === value.length && known.every((item, index) => item === value[index])) {
    return value;
  }
  return known.length > 0 ? known : undefined;
};

/**
 * A required document as the flow reads it: its type in any case, `isRequired` a boolean or
 * the word for one. An item of a type the client does not know, or whose `isRequired` says
 * neither, is left out: read as optional, a required document would go unchecked.
 */
const requiredDocument = (item: unknown): unknown => {
  if (!isObject(item)) return undefined;
  const docType = documentTypeOf(item.docType);
  const isRequired = flag(item.isRequired);
  if (docType === undefined || typeof isRequired !== 'boolean') return undefined;
  return docType === item.docType && isRequired === item.isRequired
    ? item
    : { ...item, docType, isRequired };
};

/** Each assumed part of a config, kept only in the shape the flow reads. */
const CONFIG_PARTS: Record<string, (value: unknown) => unknown> = {
  acceptedDocumentTypes: (value) =>
    isStringArray(value) ? knownItems(value, documentTypeOf) : undefined,
  requiredDocuments: (value) => knownItems(value, requiredDocument),
  formIds: (value) => (isStringArray(value) ? value : undefined),
  region: (value) => (typeof value === 'string' ? value : undefined),
  // A masked identity (`j***@example.com`, `+65••••1234`) only shows where the code goes:
  // sent to, it reaches nobody, so the customer's own is used, as with none named.
  identity: (value) => (typeof value === 'string' && !/[*•]/.test(value) ? value : undefined),
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
 * number its `code`; anything else that is no object (`[]`, an empty map as some serialisers
 * write it; `false`) is no error: it only describes an outcome the status gives.
 */
export function readExecutionError(error: unknown): unknown {
  const decoded = decodedObject(error);
  if (typeof decoded === 'string') return { message: decoded };
  if (typeof decoded === 'number') return { code: decoded };
  if (decoded === null) return decoded;
  return isObject(decoded) ? readExecutionErrorFields(decoded) : undefined;
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

const ANSWER_IDS = ['executionId', 'requestId', 'customerId'];
const NODE_IDS = ['callbackKey', 'nodeId'];

/**
 * FALLBACK `currentNode` sent as a list of the nodes that wait: the first, answered first;
 * the next read shows the rest, each under its own callbackKey. An empty list is no node.
 */
const readNode = (node: unknown): unknown => {
  const decoded = decodedObject(Array.isArray(node) ? node[0] : node);
  if (!isObject(decoded)) return decoded;
  const withIds = readNodeId(withoutNulls(readIds(decoded, NODE_IDS), ['callbackKey', 'config']));
  if (!('config' in withIds)) return withIds;
  const { config, ...rest } = withIds;
  const read = readNodeConfig(config);
  return sameOr(withIds, read === undefined ? rest : { ...rest, config: read });
};

const present = (fields: Fields): Fields =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/**
 * FALLBACK a `status` sent as a number (an enum's ordinal, `3`) is its digits: a status the
 * guide does not list, polled and told as any such word is (`unknownStatus`, and a run in
 * Node stops after its watch, naming it), never guessed to mean one the guide lists. No
 * status at all (`null`, an object) still breaks the contract, named.
 */
const readStatusWord = (status: unknown): unknown =>
  typeof status === 'number' && Number.isFinite(status) ? String(status) : status;

/** A status answer with its encoded parts read (see above); any other data as it came. */
export function decodeStatusAnswer(data: unknown): unknown {
  if (!isObject(data)) return data;
  const read: Fields = { ...withoutNulls(data, ['executionId']) };
  if ('status' in data) read.status = readStatusWord(data.status);
  if ('currentNode' in data) read.currentNode = readNode(data.currentNode);
  if ('result' in data) read.result = readExecutionResult(data.result);
  // FALLBACK an answer with no `result` but a `decision` of its own (flattened, as some
  // gateways send what the vendor's SDK reads from `result`): that decision is its result's.
  if (read.result == null && data.decision != null) read.result = { decision: data.decision };
  if ('error' in data) read.error = readExecutionError(data.error);
  return sameOr(data, present(read));
}

/**
 * An OCR answer: its status in any case, its `result` decoded when JSON-encoded and each
 * extracted field in the shape the host reads (`readOcrResult`), a `null` reason none.
 * FALLBACK a `result` that is no object (`[]`, an empty map as some serialisers write it;
 * `null`; a word) is none: the host reads no extracted fields, and the status stands.
 */
export function decodeOcrAnswer(data: unknown): unknown {
  if (!isObject(data)) return data;
  const read: Fields = { ...readOcrReason(data) };
  if ('status' in data) read.status = readOcrStatus(data.status);
  if ('result' in data) {
    const result = decodedObject(data.result);
    if (isObject(result)) read.result = readOcrResult(result);
    else delete read.result;
  }
  return sameOr(data, read);
}

/** Each method's assumed fields, read before its schema checks the answer. */
const ASSUMED: Partial<Record<MethodName, (data: Fields) => unknown>> = {
  'workflow.applicant.register': (data) => withoutNulls(data, ['customerId']),
  'workflow.apply.submit': readStartAnswer,
  'workflow.kyc.otp.send': readOtpSend,
  'workflow.kyc.otp.verify': readOtpVerify,
};

/**
 * FALLBACK an OTP answer with no data (`null`) says nothing: read as `{}`, so that a send
 * breaks the contract naming the `requestId` it lacks, and a verify is read as taken.
 */
const OTP_METHODS: ReadonlySet<string> = new Set<MethodName>([
  'workflow.kyc.otp.send',
  'workflow.kyc.otp.verify',
]);

/** Submissions, whose answer the flow does not read (`readAck`). */
const SUBMISSIONS: ReadonlySet<string> = new Set<MethodName>([
  'workflow.kyc.ocr',
  'workflow.kyc.particular.data',
  'workflow.kyc.liveness.data',
  'workflow.kyc.required.doc',
  'workflow.kyc.required.doc.submit',
  'workflow.kyc.required.form',
]);

/**
 * Every answer as the reader's first step sees it: its encoded parts read, its ids strings,
 * its assumed fields read (`assumed-fields.ts`).
 */
export function decodeAnswer(method: string, data: unknown): unknown {
  if (SUBMISSIONS.has(method)) return readAck(isObject(data) ? readIds(data, ANSWER_IDS) : data);
  const decoded =
    method === 'workflow.execution.status'
      ? decodeStatusAnswer(data)
      : method === 'workflow.kyc.ocr.data'
        ? decodeOcrAnswer(data)
        : OTP_METHODS.has(method) && (data === null || data === undefined)
          ? {}
          : data;
  if (!isObject(decoded)) return decoded;
  const withIds = readIds(decoded, ANSWER_IDS);
  const assumed = Object.hasOwn(ASSUMED, method) ? ASSUMED[method as MethodName] : undefined;
  return assumed ? assumed(withIds) : withIds;
}
