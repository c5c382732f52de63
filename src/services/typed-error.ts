import { isForceRetryError, isHTTPError, isTimeoutError } from 'ky';
import type { Call } from './call.js';
import { stoppedBy } from './call.js';
import { KycFlowError, TransportError } from './errors/index.js';
import { parseRetryAfter, retryAfterHeader } from './retry-after.js';

/**
 * What a caller (and a retry event) is told instead of ky's own errors: ky's messages name
 * the request URL, which carries the API key and the signature, so none of them is passed
 * on, not even as a `cause`.
 */
export const typedError = (call: Call, error: unknown): KycFlowError => {
  const { endpoint, signal } = call;
  if (signal?.aborted) return stoppedBy(endpoint, signal);
  if (error instanceof KycFlowError) return error;
  // A 999401 retried until the budget was spent: the gateway's own error.
  if (isForceRetryError(error) && error.cause instanceof KycFlowError) return error.cause;
  if (isTimeoutError(error)) return new TransportError(endpoint, 'timeout');
  if (isHTTPError(error)) {
    const { status, headers } = error.response;
    const retryAfterMs = parseRetryAfter(retryAfterHeader(headers));
    return new TransportError(endpoint, 'http', status, { retryAfterMs });
  }
  return new TransportError(endpoint, 'network', undefined, { cause: error });
};
