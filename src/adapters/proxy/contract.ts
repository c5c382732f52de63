import * as z from 'zod/mini';
import type { ValidationReport } from '../../services/envelope.js';
import { ISSUE_WORDING, toValidationIssues } from '../../services/issues.js';
import { type MethodName, methods, uploadResponse } from '../../services/wire/methods.js';
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

/** What is wrong with a request body in its wire form (JSON string fields as strings). */
export const checkRequest = (method: MethodName, body: unknown): ValidationReport | undefined => {
  const schema: z.core.$ZodType = methods[method].request;
  return report('request', z.safeDecode(schema, body, ISSUE_WORDING));
};

/** What is wrong with the `data` of a successful answer, before anyone relies on it. */
export const checkAnswer = (
  endpoint: MethodName | typeof UPLOAD_API,
  data: unknown,
): ValidationReport | undefined => {
  const schema: z.core.$ZodType =
    endpoint === UPLOAD_API ? uploadResponse : methods[endpoint].response;
  return report('response', z.safeParse(schema, data, ISSUE_WORDING));
};

/** A report in one line, for the envelope's `apiMsg` (read by people and other clients). */
export const describeReport = ({ issues }: ValidationReport): string =>
  issues.map((issue) => `${issue.field || '(root)'}: ${issue.message}`).join('; ');
