import type { MethodName } from '../../services/wire/methods.js';
import { NODE_TYPES, TERMINAL_STATUSES } from '../../services/wire/vocabulary.js';

/** A field no contract names, on every answer: a reader must pass it on, not choke on it. */
const TRACE = { vendorTrace: 'sandbox-deviant' };

type Data = Record<string, unknown>;
const isRecord = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Which of its names a deviant node leaves out, by type; the rest leave out the callbackKey. */
const LEFT_OUT: Readonly<Record<string, readonly string[]>> = {
  [NODE_TYPES.identityDocument]: ['nodeId'],
  [NODE_TYPES.phoneOtp]: ['nodeId'],
  [NODE_TYPES.requiredDocuments]: ['nodeId', 'callbackKey'],
};

const without = (data: Data, keys: readonly string[]): Data =>
  Object.fromEntries(Object.entries(data).filter(([key]) => !keys.includes(key)));

/**
 * A config as JSON text, as the vendor encodes its other object fields, listing a document
 * type the brief does not know beside the ones it does.
 */
function deviantConfig(config: unknown): unknown {
  if (!isRecord(config)) return config;
  const { acceptedDocumentTypes: accepted } = config;
  const types = Array.isArray(accepted) ? { acceptedDocumentTypes: ['VOTER_ID', ...accepted] } : {};
  return JSON.stringify({ ...config, ...types });
}

function deviantNode(node: unknown): unknown {
  if (!isRecord(node)) return node;
  const type = String(node.nodeType);
  const leftOut = Object.hasOwn(LEFT_OUT, type) ? LEFT_OUT[type] : ['callbackKey'];
  const config = 'config' in node ? { config: deviantConfig(node.config) } : {};
  return { ...without(node, leftOut ?? []), ...config, displayName: type, ...TRACE };
}

/** How COMPLETED's decision comes: in lower case, or as something the client cannot know. */
export type DecisionStyle = 'lowercase' | 'unknown';

/** The result as JSON text, its decision in another spelling. */
function deviantResult(result: unknown, style: DecisionStyle): unknown {
  if (!isRecord(result)) return result;
  const { decision } = result;
  if (style === 'lowercase') {
    return JSON.stringify({ ...result, decision: String(decision).toLowerCase(), ...TRACE });
  }
  // APPROVED becomes a word the guide does not have; REJECTED loses its decision altogether.
  return JSON.stringify(
    decision === 'APPROVED'
      ? { ...result, decision: 'MANUAL_REVIEW', ...TRACE }
      : { ...without(result, ['decision']), ...TRACE },
  );
}

/** An error as its message alone. */
const deviantError = (error: unknown): unknown =>
  isRecord(error) && typeof error.message === 'string' ? error.message : error;

export interface DeviantContext {
  /** The request, as it came. */
  readonly body: unknown;
  readonly decision: DecisionStyle;
  /** Counts a status answer of this execution; answers how many came before it. */
  readonly statusRead: (executionId: string) => number;
}

/** A successful answer's data, as a gateway that differs from the brief in every allowed way sends it. */
export function deviantData(method: MethodName, data: unknown, context: DeviantContext): unknown {
  if (!isRecord(data)) return data;
  switch (method) {
    case 'workflow.applicant.register':
      // The customerId we were given is not echoed back.
      return isRecord(context.body) && typeof context.body.customerId === 'string'
        ? { ...without(data, ['customerId']), ...TRACE }
        : { ...data, ...TRACE };
    case 'workflow.apply.submit':
      return { ...without(data, ['status']), ...TRACE };
    case 'workflow.execution.status':
      return deviantExecution(data, context);
    case 'workflow.kyc.otp.send':
    case 'workflow.kyc.otp.verify':
      return deviantOtp(data);
    case 'workflow.kyc.ocr.data':
      return deviantOcr(data);
    case 'workflow.kyc.particular.data':
    case 'workflow.kyc.liveness.data':
    case 'workflow.kyc.required.doc':
    case 'workflow.kyc.required.doc.submit':
    case 'workflow.kyc.required.form':
      return null;
    default:
      return { ...data, ...TRACE };
  }
}

/** An OTP answer's counts as numeric strings, and `verified` as a word. */
const deviantOtp = (data: Data): Data => {
  const read: Data = { ...data, ...TRACE };
  for (const count of ['cooldownSeconds', 'remainingAttempts']) {
    if (typeof data[count] === 'number') read[count] = String(data[count]);
  }
  if (typeof data.verified === 'boolean') read.verified = String(data.verified);
  return read;
};

/**
 * An OCR answer as a serialiser that writes every field sends it: the status in lower case,
 * `null` for what it has not (a reason, an expiry date it could not read), the document type
 * in lower case.
 */
const deviantOcr = (data: Data): Data => {
  const { result } = data;
  const extracted = isRecord(result)
    ? {
        result: {
          ...result,
          documentType: String(result.documentType).toLowerCase(),
          expiryDate: null,
          placeOfBirth: null,
        },
      }
    : {};
  return {
    reason: null,
    ...data,
    ...extracted,
    status: String(data.status).toLowerCase(),
    ...TRACE,
  };
};

const TERMINAL = new Set<string>(TERMINAL_STATUSES);

function deviantExecution(data: Data, context: DeviantContext): Data {
  const executionId = String(data.executionId);
  // PENDING, a status the guide does not list: the first answer of every execution (so a
  // client always meets it, however fast it reads), then every other RUNNING answer.
  const read = context.statusRead(executionId);
  const pending =
    (read === 0 && !TERMINAL.has(String(data.status))) ||
    (data.status === 'RUNNING' && read % 2 === 0);
  if (pending) return { ...without(data, ['currentNode']), status: 'PENDING', ...TRACE };
  return {
    ...data,
    ...(data.currentNode ? { currentNode: deviantNode(data.currentNode) } : {}),
    ...(data.result ? { result: deviantResult(data.result, context.decision) } : {}),
    ...(data.error ? { error: deviantError(data.error) } : {}),
    ...TRACE,
  };
}
