import { FILE_FIELD, JSON_FIELD, PLACEHOLDER, type Shape } from './replay-format.js';

/** Stand-ins for personal values by field, shaped as the contract expects them. */
const STAND_INS: Readonly<Record<string, (length: number) => string>> = {
  url: (n) => `s3://workflow-kyc/replay/file-${n}`,
  frontImage: (n) => `s3://workflow-kyc/replay/front-${n}`,
  backImage: (n) => `s3://workflow-kyc/replay/back-${n}`,
  faceFull: (n) => `s3://workflow-kyc/replay/selfie-${n}`,
  email: () => 'replay@example.com',
  identity: () => 'replay@example.com',
  phone: () => '+65 0000 0000',
  dateOfBirth: () => '2000-01-01',
  expiryDate: () => '2035-01-01',
  nationality: () => 'SG',
  countryOfResidence: () => 'SG',
  region: () => 'SG',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isObjectShape = (shape: Shape | undefined): shape is { [key: string]: Shape } =>
  typeof shape === 'object' && shape !== null && !Array.isArray(shape);

/**
 * Turns recorded shapes back into values the client can read. Identifiers keep matching:
 * a pseudonym the client's own request carried (its customerId, the executionId it was
 * given) is answered with the request's value; one never seen is answered with a stable
 * stand-in derived from the pseudonym. Other placeholders become the sandbox's stand-ins.
 */
export function createStandIns() {
  /** Pseudonym → the value the client used for it. */
  const ids = new Map<string, string>();

  /** Learns the client's values for the pseudonyms of the recorded request. */
  function learn(recorded: Shape | undefined, actual: unknown): void {
    if (typeof recorded === 'string' && recorded.startsWith('<id:') && typeof actual === 'string') {
      ids.set(recorded, actual);
    } else if (Array.isArray(recorded) && Array.isArray(actual)) {
      for (const [index, item] of recorded.entries()) learn(item, actual[index]);
    } else if (isObjectShape(recorded)) {
      const encoded = recorded[JSON_FIELD];
      if (encoded !== undefined && typeof actual === 'string') {
        learn(encoded, parseQuietly(actual));
        return;
      }
      if (!isRecord(actual)) return;
      for (const [key, inner] of Object.entries(recorded)) learn(inner, actual[key]);
    }
  }

  function value(shape: Shape, key: string, request: Record<string, unknown>): unknown {
    if (Array.isArray(shape)) return shape.map((item) => value(item, key, request));
    if (isObjectShape(shape)) {
      const encoded = shape[JSON_FIELD];
      if (encoded !== undefined) return JSON.stringify(value(encoded, key, request));
      if (shape[FILE_FIELD] !== undefined) return null;
      return Object.fromEntries(
        Object.entries(shape).map(([inner, item]) => [inner, value(item, inner, request)]),
      );
    }
    if (typeof shape !== 'string' || !PLACEHOLDER.test(shape)) return shape;
    return standIn(shape, key, request);
  }

  function standIn(placeholder: string, key: string, request: Record<string, unknown>): unknown {
    if (placeholder === '<number>') return 0;
    if (placeholder === '<boolean>') return false;
    if (placeholder.startsWith('<id:')) {
      return ids.get(placeholder) ?? `replay-${placeholder.slice(4, -1)}`;
    }
    // The same field in the request: an answer that echoes it echoes the client's value.
    const echoed = request[key];
    if (typeof echoed === 'string') return echoed;
    const length = Number(placeholder.slice('<string:'.length, -1));
    return STAND_INS[key]?.(length) ?? 'x'.repeat(Math.max(length, 1));
  }

  return {
    learn,
    /** The value of a recorded answer, for this request. */
    answer: (shape: Shape, request: unknown): unknown =>
      value(shape, '', isRecord(request) ? request : {}),
  };
}

function parseQuietly(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
