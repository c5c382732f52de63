import type { Endpoint } from './envelope.js';
import { KycFlowError, TransportError } from './errors/index.js';
import type { RetryEvent, RetryPolicy } from './types.js';

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

/** `Retry-After` as delay-seconds or an HTTP date; `undefined` when absent or unreadable. */
export const parseRetryAfter = (
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined => {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

/**
 * The wait before retry number `retry` (1 for the first): the server's `Retry-After` when
 * it gave one, else exponential backoff with full jitter; both capped at `maxDelayMs`.
 */
export const backoffDelay = (
  retry: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number => {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
};

/** Retryable: a typed error that says so (network, timeout, 5xx/429, 999401); never an abort. */
export const isRetryable = (error: unknown): error is KycFlowError =>
  error instanceof KycFlowError && error.retryable;

const retryAfterOf = (error: KycFlowError): number | undefined =>
  'retryAfterMs' in error && typeof error.retryAfterMs === 'number'
    ? error.retryAfterMs
    : undefined;

/** Timers overflow past 2^31-1 ms and would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Resolves after `ms`, or rejects at once with `onAbort()` when the signal aborts. */
export const wait = (ms: number, signal: AbortSignal | undefined, onAbort: () => Error) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort());
      return;
    }
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', abort, { once: true });
  });

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or the
 * budget is spent; then the last typed error is thrown as it is (still `retryable: true`,
 * so a caller can suspend and try much later).
 */
export const withRetry = async <T>(
  endpoint: Endpoint,
  attempt: () => Promise<T>,
  { policy, signal, onRetry, random }: RetryContext,
): Promise<T> => {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry > policy.limit || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(retry, policy, retryAfterOf(error), random);
      try {
        onRetry?.({ method: endpoint, retry, delayMs, error });
      } catch {
        // An observer must not change the outcome of the call it observes.
      }
      await wait(delayMs, signal, () => new TransportError(endpoint, 'abort'));
    }
  }
};
