import ky from 'ky';
import { hooksFor } from './answer-hooks.js';
import type { BodyReader } from './answer-text.js';
import { attemptFetch } from './attempt-fetch.js';
import { type Call, stoppedBy } from './call.js';
import type { Endpoint } from './envelope.js';
import { kyRetryOf, mergeRetryPolicy } from './retry-policy.js';
import { typedError } from './typed-error.js';
import type { CallOptions, RetryEvent, RetryPolicy } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** ky refuses a timeout past what a timer holds (2^31-1 ms). */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface TransportSettings {
  /** The fetch ky sends with; the platform's, looked up per call, when absent. */
  readonly fetch?: typeof globalThis.fetch;
  /** Per attempt, headers and body. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly onRetry?: (event: RetryEvent) => void;
  /** Reads each answer's body (Node's client holds it to a size); `response.text()` if absent. */
  readonly readBody?: BodyReader;
}

export interface Delivery {
  readonly url: string;
  readonly body: string | FormData;
  readonly headers: Record<string, string>;
}

/** Sends a delivery and hands back the envelope's `data`, retrying by the policy. */
export type Transport = (
  endpoint: Endpoint,
  delivery: Delivery,
  options?: CallOptions,
) => Promise<unknown>;

/**
 * Every gateway and storage call goes out through ky: its retries (POST included, see
 * `KY_RETRY`), `Retry-After`, back-off with jitter, per-attempt `timeout`, hooks. Redirects
 * are refused (`redirect: 'manual'`, then a `redirect` TransportError): the gateway has one
 * URL per environment, and a signed call (apiKey and sign in its URL) must not be replayed
 * wherever a `Location` points. The caller's `signal` ends the whole call, back-off
 * included (`AbortSignal.timeout(ms)` makes it a deadline). Every failure is typed.
 */
export const createTransport = (settings: TransportSettings): Transport => {
  const basePolicy = mergeRetryPolicy(settings.retry);
  const baseTimeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (endpoint, delivery, options = {}) => {
    const { signal } = options;
    if (signal?.aborted) throw stoppedBy(endpoint, signal);
    const call: Call = { endpoint, body: delivery.body, signal };
    // Most calls bring no retry override: no policy to merge for them.
    const policy = options.retry ? mergeRetryPolicy(basePolicy, options.retry) : basePolicy;
    const timeoutMs = options.timeoutMs ?? baseTimeoutMs;
    try {
      // The body goes to fetch from the call itself (see attempt-fetch.ts): ky's Request
      // per attempt then carries no copy of it.
      // Every option in one object: ky then merges nothing per call but its own defaults.
      await ky(delivery.url, {
        method: 'post',
        redirect: 'manual',
        headers: delivery.headers,
        ...(signal ? { signal } : {}),
        timeout: Math.min(Math.max(timeoutMs, 0), MAX_TIMEOUT_MS),
        retry: kyRetryOf(policy, (delayMs) => {
          call.backoffMs = delayMs;
        }),
        fetch: attemptFetch(settings.fetch, call, settings.readBody),
        hooks: hooksFor(call, settings.onRetry),
      });
    } catch (error) {
      throw typedError(call, error);
    }
    if (!call.answer) throw typedError(call, new Error('no answer was read'));
    return call.answer.data;
  };
};
