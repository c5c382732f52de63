import * as z from 'zod/mini';
import {
  GatewayError,
  TransportError,
  ValidationError,
  type ValidationIssue,
} from './errors/index.js';
import { ISSUE_WORDING, toValidationIssues } from './issues.js';
import { isRetryableStatus } from './retryable.js';
import { GATEWAY_CODES, NON_RETRYABLE_CODES, WORKFLOW_CODES } from './wire/vocabulary.js';

export const SUCCESS_CODE = 200;

/** Who answered: a gateway method, or the storage service. */
export type Endpoint = ConstructorParameters<typeof GatewayError>[0];

/**
 * What `createGatewayProxy` adds to a refusal when a request, or the gateway's answer to it,
 * breaks the contract: which one, and the issues (fields and expectations, never values).
 */
export interface ValidationReport {
  readonly direction: 'request' | 'response';
  readonly issues: readonly ValidationIssue[];
}

/** The gateway's answer wrapper, after tolerating the variants the vendor's docs show. */
export interface Envelope {
  readonly apiCode: number;
  readonly apiMsg: string;
  readonly data: unknown;
  /** Only on a failure, and only from our proxy (the gateway sends none). */
  readonly validation?: ValidationReport;
}

/** One HTTP answer, as the transport hands it over. */
export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly retryAfterMs?: number;
}

const codeNames = new Map<number, string>(
  [...Object.entries(GATEWAY_CODES), ...Object.entries(WORKFLOW_CODES)].map(([name, code]) => [
    code,
    name,
  ]),
);

/** Keys an inner wrapper may carry next to `data` (the docs show `data.data`). */
const WRAPPER_KEYS = new Set(['data', 'apiCode', 'apiMsg', 'code', 'msg', 'message', 'success']);

/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const readCode = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
};

/** An object of nothing but wrapper keys: the docs' `data.data` wrapper, not a method's answer. */
const isWrapper = (data: unknown): data is Record<string, unknown> =>
  isRecord(data) && Object.keys(data).every((key) => WRAPPER_KEYS.has(key));

/**
 * The failure code a wrapper carries (its `apiCode` or `code`, read as a number), if any.
 * It says "OK" with the envelope's own 200, or with 0, "no error" in many APIs: the gateway's
 * failure codes are six digits (999xxx, and the workflow's we assume, 4xxxxx), so 0 can be
 * none of them, while read as a failure it would refuse every answer of a gateway that
 * wraps its data with `code: 0`.
 */
const failureCodeOf = (wrapper: Record<string, unknown>): number | undefined => {
  const code = readCode(wrapper.apiCode ?? wrapper.code);
  return code === SUCCESS_CODE || code === 0 ? undefined : code;
};

/** A wrapper that says it failed: `success: false`, or a failure code. */
const saysFailed = (wrapper: Record<string, unknown>): boolean =>
  wrapper.success === false || failureCodeOf(wrapper) !== undefined;

/**
 * The failure a wrapper inside a successful envelope reports (`data: { success: false,
 * code, message, data }`, or a failure code without that flag), as the gateway's code and
 * message; `undefined` for any other `data`. Kept whole by `unwrap`: read as a success, a
 * submission the gateway turned down would count as taken. Without a readable failure code,
 * it is a GATEWAY_ERROR.
 */
export const failedWrapper = (data: unknown): { apiCode: number; apiMsg: string } | undefined => {
  if (!isWrapper(data) || !saysFailed(data)) return undefined;
  const apiCode = failureCodeOf(data) ?? GATEWAY_CODES.GATEWAY_ERROR;
  const said = [data.apiMsg, data.msg, data.message].find((text) => typeof text === 'string');
  return { apiCode, apiMsg: typeof said === 'string' ? said : (codeNames.get(apiCode) ?? '') };
};

/**
 * `data.data` is unwrapped only when the outer object is nothing but a wrapper, and one that
 * does not say it failed (`saysFailed`): that one is kept whole for the reader to refuse.
 */
const unwrap = (data: unknown): unknown =>
  isWrapper(data) && isRecord(data.data) && !saysFailed(data) ? data.data : data;

const isIssue = (value: unknown): value is ValidationIssue =>
  isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';

/** A validation report, or `undefined` for anything that does not read as one. */
const readValidation = (value: unknown): ValidationReport | undefined => {
  if (!isRecord(value) || !Array.isArray(value.issues)) return undefined;
  const { direction } = value;
  if (direction !== 'request' && direction !== 'response') return undefined;
  const issues = value.issues.filter(isIssue).map(({ field, message }) => ({ field, message }));
  return issues.length > 0 ? { direction, issues } : undefined;
};

export type EnvelopeReading =
  | { readonly ok: true; readonly envelope: Envelope }
  | { readonly ok: false; readonly field: string; readonly message: string };

/**
 * Reads an envelope leniently: `apiCode` as a number or a numeric string, `apiMsg` possibly
 * missing, `data` possibly nested one level deeper. Anything else is not an envelope.
 */
export const parseEnvelope = (text: string): EnvelopeReading => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, field: '', message: 'expected a JSON envelope' };
  }
  if (!isRecord(body)) return { ok: false, field: '', message: 'expected an envelope object' };
  const apiCode = readCode(body.apiCode);
  if (apiCode === undefined) {
    return { ok: false, field: 'apiCode', message: 'expected a numeric apiCode' };
  }
  const apiMsg =
    typeof body.apiMsg === 'string' && body.apiMsg !== ''
      ? body.apiMsg
      : apiCode === SUCCESS_CODE
        ? 'OK'
        : (codeNames.get(apiCode) ?? '');
  const validation = apiCode === SUCCESS_CODE ? undefined : readValidation(body.validation);
  return {
    ok: true,
    envelope: { apiCode, apiMsg, data: unwrap(body.data), ...(validation ? { validation } : {}) },
  };
};

/**
 * Turns one HTTP answer into the envelope's `data`, or the typed error a caller can switch
 * on. The proxy's validation report is a `ValidationError`, as a server-side client would
 * raise it itself. A code the guide calls final (`NON_RETRYABLE_CODES`) is a gateway error
 * whatever the HTTP status. Otherwise a retryable status (`retryable.ts`) is a transport
 * failure even if it carries an envelope; a non-200 `apiCode` is a gateway error.
 */
export const openAnswer = (endpoint: Endpoint, answer: Answer): unknown => {
  const { status, retryAfterMs } = answer;
  const reading = parseEnvelope(answer.text);
  const validation = reading.ok ? reading.envelope.validation : undefined;
  if (validation) throw new ValidationError(endpoint, validation.direction, validation.issues);
  // The guide calls these codes final: sent again, the call is refused again, so a retryable
  // status around one (a proxy's 502 whose gateway refused its secret) must not loop.
  if (reading.ok && NON_RETRYABLE_CODES.includes(reading.envelope.apiCode)) {
    const { apiCode, apiMsg } = reading.envelope;
    throw new GatewayError(endpoint, apiCode, apiMsg, { retryAfterMs });
  }
  if (isRetryableStatus(status)) {
    throw new TransportError(endpoint, 'http', status, { retryAfterMs });
  }
  if (!reading.ok) {
    if (status < 200 || status > 299) throw new TransportError(endpoint, 'http', status);
    throw new ValidationError(
      endpoint,
      'response',
      [{ field: reading.field, message: reading.message }],
      true,
    );
  }
  const { apiCode, apiMsg, data } = reading.envelope;
  if (apiCode !== SUCCESS_CODE) throw new GatewayError(endpoint, apiCode, apiMsg, { retryAfterMs });
  if (status < 200 || status > 299) throw new TransportError(endpoint, 'http', status);
  return data;
};

/** Validates an answer's `data` against the method's response schema. */
export const readData = <S extends z.core.$ZodType>(
  endpoint: Endpoint,
  schema: S,
  data: unknown,
): z.output<S> => {
  const result = z.safeParse(schema, data, ISSUE_WORDING);
  if (!result.success) {
    throw new ValidationError(endpoint, 'response', toValidationIssues(result.error.issues));
  }
  return result.data;
};
