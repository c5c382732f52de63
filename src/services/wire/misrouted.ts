import { isObject } from './assumed-fields.js';

/** The methods whose answer names what was asked about, and the field that names it. */
const ASKED_FIELD: Readonly<Record<string, string>> = {
  'workflow.execution.status': 'executionId',
  'workflow.applicant.register': 'customerId',
};

const fieldOf = (value: unknown, field: string): unknown =>
  isObject(value) ? value[field] : undefined;

/**
 * What is wrong with an answer that names another execution (a status read) or another
 * customer (a register) than the one asked about: it is not about this flow (a cache or a
 * proxy on the way mixed answers up). Taken, a status would end the flow with another
 * customer's outcome, or send this customer's data to another's node; a register would start
 * the workflow, and bind the caller, to another customer. `undefined` for any other answer;
 * one that names none is the one asked about (`answeredExecutionId`, `registeredCustomerId`),
 * and a register by email alone names the customer the gateway chose. Read after the ids are
 * read (`decodeAnswer`), so `901` is `"901"`.
 */
export function misroutedAnswer(
  method: string,
  input: unknown,
  data: unknown,
): { readonly field: string; readonly message: string } | undefined {
  const field = Object.hasOwn(ASKED_FIELD, method) ? ASKED_FIELD[method] : undefined;
  if (field === undefined) return undefined;
  const asked = fieldOf(input, field);
  const answered = fieldOf(data, field);
  if (typeof asked !== 'string' || typeof answered !== 'string' || answered === '')
    return undefined;
  if (answered === asked) return undefined;
  const what = field === 'customerId' ? 'customer' : 'execution';
  return { field, message: `expected the ${what} asked about` };
}
