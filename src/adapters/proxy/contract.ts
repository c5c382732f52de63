import * as z from 'zod/mini';
import type { ValidationReport } from '../../services/envelope.js';
import { ISSUE_WORDING, toValidationIssues } from '../../services/issues.js';
import { type MethodName, methods, uploadResponse } from '../../services/wire/methods.js';
import { misroutedAnswer } from '../../services/wire/misrouted.js';
import { UPLOAD_API } from './types.js';

/**
 * The proxy is the trust boundary: the browser's client carries no schema, so the full
 * contract is checked here, both ways. A report names fields and expectations, never values
 * (they may be a customer's personal data), so it can go back to the caller as it is.
 */
const report = (
  direction: ValidationReport['direction'],
  result: { readonly success: boolean; readonly error?: z.core.$ZodError | undefined },
): ValidationReport | undefined =>
  result.success || !result.error
    ? undefined
    : { direction, issues: toValidationIssues(result.error.issues) };

/**
 * A field name as a report shows it: the caller's own key, cut short, anything but letters,
 * digits, `_`, `-` and `$` shown as `?` (a page that shows a report as HTML is handed no
 * markup of the caller's making).
 */
export const shownField = (key: string) => {
  const shown = key.replace(/[^\p{L}\p{N}_$-]/gu, '?');
  return shown.length > 64 ? `${shown.slice(0, 64)}…` : shown;
};

/** The fields an object schema names, if `schema` is one (zod/mini keeps them in `shape`). */
const shapeOf = (schema: unknown): Record<string, unknown> | undefined => {
  const shape =
    typeof schema === 'object' && schema !== null ? Reflect.get(schema, 'shape') : undefined;
  return typeof shape === 'object' && shape !== null
    ? (shape as Record<string, unknown>)
    : undefined;
};

/**
 * Fields the contract does not name, at any depth of the objects it describes (a start's
 * `data` included). The proxy forwards the bytes it checked, so a field it does not know
 * would reach the gateway unchecked (a `customerId` beside a status read's `executionId`, a
 * `customer_id` inside a start's `data`), and the gateway might act on it.
 */
const unknownFieldsIn = (shape: Record<string, unknown>, body: object, path: string): string[] =>
  Object.entries(body).flatMap(([key, value]) => {
    if (!Object.hasOwn(shape, key)) return [`${path}${shownField(key)}`];
    const inner = shapeOf(shape[key]);
    return inner && typeof value === 'object' && value !== null && !Array.isArray(value)
      ? unknownFieldsIn(inner, value, `${path}${key}.`)
      : [];
  });

const unknownFields = (method: MethodName, body: unknown): ValidationReport | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const unknown = unknownFieldsIn(methods[method].request.shape, body, '');
  if (unknown.length === 0) return undefined;
  const message = 'not a field of this method';
  return { direction: 'request', issues: unknown.map((field) => ({ field, message })) };
};

/**
 * What is wrong with a request body in its wire form (JSON string fields as strings): a
 * field that breaks the contract, or one it does not name.
 */
export const checkRequest = (method: MethodName, body: unknown): ValidationReport | undefined => {
  const schema: z.core.$ZodType = methods[method].request;
  return (
    report('request', z.safeDecode(schema, body, ISSUE_WORDING)) ?? unknownFields(method, body)
  );
};

/**
 * What is wrong with the `data` of a successful answer to `request`, before anyone relies
 * on it: a field that breaks the contract, or a status answer about another execution.
 */
export const checkAnswer = (
  endpoint: MethodName | typeof UPLOAD_API,
  data: unknown,
  request?: unknown,
): ValidationReport | undefined => {
  const schema: z.core.$ZodType =
    endpoint === UPLOAD_API ? uploadResponse : methods[endpoint].response;
  const misrouted = misroutedAnswer(endpoint, request, data);
  return (
    report('response', z.safeParse(schema, data, ISSUE_WORDING)) ??
    (misrouted && { direction: 'response', issues: [misrouted] })
  );
};

/** A report in one line, for the envelope's `apiMsg` (read by people and other clients). */
export const describeReport = ({ issues }: ValidationReport): string =>
  issues.map((issue) => `${issue.field || '(root)'}: ${issue.message}`).join('; ');
