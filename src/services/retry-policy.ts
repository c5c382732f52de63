import type { RetryOptions } from 'ky';
import { KycFlowError } from './errors/index.js';
import { asksLongerThan } from './retry-after.js';
import { RETRY_AFTER_STATUSES, RETRYABLE_STATUSES } from './retryable.js';
import type { RetryPolicy } from './types.js';

/** Three retries, 250 ms doubling, never more than 5 s between two attempts. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  limit: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
});

const nonNegative = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;

/** Layers later in the list win; no layer is changed, the result is frozen. */
export const mergeRetryPolicy = (
  ...layers: ReadonlyArray<Partial<RetryPolicy> | undefined>
): RetryPolicy =>
  Object.freeze(
    layers.reduce<RetryPolicy>(
      (policy, layer) => ({
        limit: Math.floor(nonNegative(layer?.limit, policy.limit)),
        baseDelayMs: nonNegative(layer?.baseDelayMs, policy.baseDelayMs),
        maxDelayMs: nonNegative(layer?.maxDelayMs, policy.maxDelayMs),
      }),
      DEFAULT_RETRY_POLICY,
    ),
  );

/** Retryable: a typed error that says so (network, timeout, 408/429/5xx, 999401); never an abort. */
export const isRetryable = (error: unknown): error is KycFlowError =>
  error instanceof KycFlowError && error.retryable;

/**
 * What every call's ky `retry` shares. `methods: ['post']`: every gateway call is a POST,
 * and every one is safe to repeat. Reads (status, OCR data) change nothing; `register`
 * answers the same customer again; every submission carries its node's `callbackKey`, so
 * the gateway answers a repeat the same and applies it once. `start` is assumed to answer a
 * repeated (customerId, referenceId) with the execution it began (the guide is silent; the
 * chart sends no second start after an answer it could not read). Statuses follow the one rule
 * (`retryable.ts`), a timeout is retried, and a typed error is retried only if it says so
 * (ky would retry anything thrown that is not an HTTP error, a refusal included).
 */
export const KY_RETRY = {
  methods: ['post'],
  statusCodes: [...RETRYABLE_STATUSES],
  afterStatusCodes: [...RETRY_AFTER_STATUSES],
  retryOnTimeout: true,
  shouldRetry: ({ error }) => (error instanceof KycFlowError ? error.retryable : undefined),
} as const satisfies RetryOptions;

/**
 * A policy as ky's `retry`, whole (`KY_RETRY` and the policy's part: given in one object,
 * ky has nothing to merge per call): exponential back-off from `baseDelayMs` with full
 * jitter, and no wait longer than `maxDelayMs`. A server's `Retry-After` up to `maxDelayMs`
 * is waited within the call; a longer one ends the call (`asksLongerThan`): the cap bounds
 * how long one call hangs, never how soon the server is asked again.
 * `onBackoff` hears the wait ky drew, for the retry event (ky's hooks are not told it).
 */
export const kyRetryOf = (
  policy: RetryPolicy,
  onBackoff: (delayMs: number) => void,
): RetryOptions => ({
  ...KY_RETRY,
  shouldRetry: (state) =>
    asksLongerThan(state.error, policy.maxDelayMs) ? false : KY_RETRY.shouldRetry(state),
  limit: policy.limit,
  delay: (attempt) => policy.baseDelayMs * 2 ** (attempt - 1),
  jitter: (delay) => {
    const drawn = Math.random() * delay;
    onBackoff(Math.min(drawn, policy.maxDelayMs));
    return drawn;
  },
  backoffLimit: policy.maxDelayMs,
  maxRetryAfter: policy.maxDelayMs,
});
