import ky, { type AfterResponseHook, type BeforeRetryHook, type Hooks, isHTTPError } from 'ky';
import type { Call } from './call.js';
import { openAnswer } from './envelope.js';
import { GatewayError, TransportError } from './errors/index.js';
import { parseRetryAfter, retryAfterHeader, serverWait } from './retry-after.js';
import { typedError } from './typed-error.js';
import type { RetryEvent } from './types.js';

/**
 * Reads every answer (any status) before ky judges it. A success leaves its `data` on the
 * call. A retryable HTTP status is left to ky (its status list, `Retry-After`, back-off).
 * The gateway's `999401` arrives inside an HTTP 200 that ky's status rules cannot see, so
 * it is retried with `ky.retry()`, after the server's `Retry-After` when it gave one (one
 * past ky's `maxRetryAfter` ends the call, as `asksLongerThan` says for a 429). Any
 * other failure is thrown as its typed error, which ky does not retry (see `KY_RETRY`).
 */
const openAttempt =
  (call: Call): AfterResponseHook =>
  (_request, options, response, { retryCount }) => {
    const retryAfterMs = parseRetryAfter(retryAfterHeader(response.headers));
    const answer = { status: response.status, text: call.text ?? '', retryAfterMs };
    try {
      call.answer = { data: openAnswer(call.endpoint, answer) };
    } catch (error) {
      if (error instanceof TransportError && error.failure === 'http' && error.retryable) return;
      if (error instanceof GatewayError) error.retryCount = retryCount;
      if (!(error instanceof GatewayError && error.retryable)) throw error;
      const cap = options.retry.maxRetryAfter ?? Number.POSITIVE_INFINITY;
      // A wait past the cap is the caller's to wait out: thrown, ky does not retry it
      // (`asksLongerThan`), where `ky.retry()` would, after the cap.
      if ((retryAfterMs ?? 0) > cap) throw error;
      call.backoffMs = retryAfterMs;
      return ky.retry({
        code: `apiCode ${error.apiCode}`,
        cause: error,
        ...(retryAfterMs === undefined ? {} : { delay: retryAfterMs }),
      });
    }
  };

/**
 * ky's `beforeRetry` (after the back-off, before the next attempt) as the client's `onRetry`
 * event. An observer must not change the outcome of the call it observes.
 */
const reportRetry =
  (call: Call, onRetry: (event: RetryEvent) => void): BeforeRetryHook =>
  ({ error, retryCount, options }) => {
    const waited = isHTTPError(error)
      ? serverWait(error.response.status, error.response.headers, options.retry)
      : undefined;
    const delayMs = Math.round(waited ?? call.backoffMs ?? 0);
    call.backoffMs = undefined;
    try {
      onRetry({
        method: call.endpoint,
        retry: retryCount,
        delayMs,
        error: typedError(call, error),
      });
    } catch {
      // Nothing to do: the event is for the host's eyes only.
    }
  };

/** The hooks of one call. */
export const hooksFor = (call: Call, onRetry?: (event: RetryEvent) => void): Hooks => ({
  afterResponse: [openAttempt(call)],
  ...(onRetry ? { beforeRetry: [reportRetry(call, onRetry)] } : {}),
});
