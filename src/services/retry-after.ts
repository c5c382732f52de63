import { isHTTPError } from 'ky';
import { GatewayError } from './errors/index.js';
import { RETRY_AFTER_STATUSES } from './retryable.js';

/** The headers ky reads, in its order, for how long a server asks to wait. */
const RETRY_AFTER_HEADERS = [
  'retry-after',
  'ratelimit-reset',
  'x-ratelimit-retry-after',
  'x-ratelimit-reset',
  'x-rate-limit-reset',
] as const;

/** Seconds this large are a Unix time, as ky reads them (a fixed threshold against skew). */
const TIMESTAMP_FLOOR_MS = Date.parse('2024-01-01');

/**
 * A `Retry-After` value read as ky reads it: delay-seconds (a number so large it is a
 * timestamp), else an HTTP date; never below 0. `undefined` when absent or unreadable.
 */
export const parseRetryAfter = (
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined => {
  if (!value?.trim()) return undefined;
  let after = Number(value) * 1000;
  if (Number.isNaN(after)) after = Date.parse(value) - now;
  else if (after >= TIMESTAMP_FLOOR_MS) after -= now;
  return Number.isNaN(after) ? undefined : Math.max(0, Math.round(after));
};

/** The first of ky's wait headers an answer carries, as it is. */
export const retryAfterHeader = (headers: Headers): string | null => {
  for (const name of RETRY_AFTER_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return null;
};

/**
 * Whether a server named a wait past `capMs`: a 429 or 503 whose `Retry-After` reads longer,
 * or a gateway error (999401) that carried one. ky would wait the cap and send again before
 * the time the server named; such a call ends instead, its typed error carrying the whole
 * wait (`retryAfterMs`) for its caller to wait out.
 */
export const asksLongerThan = (error: unknown, capMs: number): boolean => {
  const asked = isHTTPError(error)
    ? RETRY_AFTER_STATUSES.includes(error.response.status)
      ? parseRetryAfter(retryAfterHeader(error.response.headers))
      : undefined
    : error instanceof GatewayError
      ? error.retryAfterMs
      : undefined;
  return (asked ?? 0) > capMs;
};

/**
 * The wait ky takes before retrying an HTTP error whose status honours a wait header:
 * the server's value capped at `maxRetryAfter` (ky waits the cap when it cannot read it).
 * `undefined` when ky backs off by its own delay instead.
 */
export const serverWait = (
  status: number,
  headers: Headers,
  retry: { readonly afterStatusCodes?: readonly number[]; readonly maxRetryAfter?: number },
): number | undefined => {
  const value = retryAfterHeader(headers);
  if (!value || !retry.afterStatusCodes?.includes(status)) return undefined;
  const max = retry.maxRetryAfter ?? Number.POSITIVE_INFINITY;
  const after = parseRetryAfter(value);
  return after === undefined ? max : Math.min(after, max);
};
