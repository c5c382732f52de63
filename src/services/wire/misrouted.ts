import { isObject } from './assumed-fields.js';

const executionIdOf = (value: unknown): unknown =>
  isObject(value) ? value.executionId : undefined;

/**
 * What is wrong with a status answer that names another execution than the one asked about:
 * it is not about this flow (a cache or a proxy on the way mixed answers up). Taken, it would
 * end the flow with another customer's outcome, or send this customer's data to another's
 * node. `undefined` for any other answer; one that names no execution is the one asked about
 * (`answeredExecutionId`). Read after the ids are read (`decodeAnswer`), so `901` is `"901"`.
 */
export function misroutedAnswer(
  method: string,
  input: unknown,
  data: unknown,
): { readonly field: string; readonly message: string } | undefined {
  if (method !== 'workflow.execution.status') return undefined;
  const asked = executionIdOf(input);
  const answered = executionIdOf(data);
  return typeof asked === 'string' &&
    typeof answered === 'string' &&
    answered !== '' &&
    answered !== asked
    ? { field: 'executionId', message: 'expected the execution asked about' }
    : undefined;
}
