import { readStatus, STARTED_STATUS } from './fallbacks.js';
import type { MethodName, MethodOutput } from './methods.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The tolerant reader's last step, after an answer's shape is checked (by the response
 * schema on a server, by the proxy for a browser): the fallbacks that need nothing but the
 * answer itself. Statuses are read case-insensitively; a start without `status` is CREATED.
 * Everything else is passed on as it came, unknown fields included; the fallbacks that need
 * what the flow knows (the customerId sent, the keys answered) are applied where it knows it.
 */
export function readAnswer<M extends MethodName>(method: M, data: unknown): MethodOutput<M> {
  if (!isRecord(data)) return data as MethodOutput<M>;
  switch (method) {
    case 'workflow.apply.submit':
      return {
        ...data,
        status: readStatus(typeof data.status === 'string' ? data.status : STARTED_STATUS),
      } as MethodOutput<M>;
    case 'workflow.execution.status':
      return (
        typeof data.status === 'string' ? { ...data, status: readStatus(data.status) } : data
      ) as MethodOutput<M>;
    default:
      return data as MethodOutput<M>;
  }
}
