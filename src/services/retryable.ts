/**
 * The one rule for which HTTP statuses are worth another attempt: a request timeout,
 * throttling, and the server's transient failures (ky's defaults without 413: a body too
 * large stays too large). ky retries by this list, and `TransportError.retryable` says the
 * same, so an error's flag and what the client did with it never disagree.
 */
export const RETRYABLE_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/** Of those, the statuses whose `Retry-After` is honoured (capped by `maxDelayMs`). */
export const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

export const isRetryableStatus = (status: number | undefined): boolean =>
  status !== undefined && RETRYABLE_STATUSES.includes(status);
