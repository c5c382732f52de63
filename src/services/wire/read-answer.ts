import { readStatus, STARTED_STATUS } from './fallbacks.js';
import type { MethodName, MethodOutput } from './methods.js';

/**
 * The tolerant reader's last step, after an answer's shape is checked (by the response
 * schema on a server, by the proxy for a browser): the fallbacks that need nothing but the
 * answer itself. Statuses are read case-insensitively; a start without `status` is CREATED.
 * Everything else is passed on as it came, unknown fields included; the fallbacks that need
 * what the flow knows (the customerId sent, the keys answered) are applied where it knows it.
 */
export function readAnswer<M extends MethodName>(method: M, data: unknown): MethodOutput<M> {
  const record = typeof data === 'object' && data !== null ? (data as { status?: unknown }) : {};
  const { status } = record;
  const read =
    method === 'workflow.apply.submit'
      ? readStatus(typeof status === 'string' ? status : STARTED_STATUS)
      : method === 'workflow.execution.status' && typeof status === 'string'
        ? readStatus(status)
        : undefined;
  return (read === undefined ? data : { ...record, status: read }) as MethodOutput<M>;
}
