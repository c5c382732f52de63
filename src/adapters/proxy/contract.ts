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

/** A field name as a report shows it: the caller's own key, cut short. */
const shownField = (key: string) => (key.length > 64 ? `${key.slice(0, 64)}…` : key);

/**
 * Top-level fields the contract does not name. The proxy forwards the bytes it checked, so
 * a field it does not know would reach the gateway unchecked (a `customerId` beside a status
 * read's `executionId`, say), and the gateway might act on it.
 */
const unknownFields = (method: MethodName, body: unknown): ValidationReport | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const { shape } = methods[method].request;
  const unknown = Object.keys(body).filter((key) => !Object.hasOwn(shape, key));
  if (unknown.length === 0) return undefined;
  const message = 'not a field of this method';
  return {
    direction: 'request',
    issues: unknown.map((key) => ({ field: shownField(key), message })),
  };
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
