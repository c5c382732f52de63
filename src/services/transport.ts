import { type Answer, type Endpoint, openAnswer } from './envelope.js';
import { KycFlowError, TransportError } from './errors/index.js';
import { mergeRetryPolicy, parseRetryAfter, withRetry } from './retry.js';
import type { CallOptions, HttpSend, RetryEvent, RetryPolicy } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface TransportSettings {
  readonly fetch?: typeof globalThis.fetch;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly onRetry?: (event: RetryEvent) => void;
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
 * Settles with `work`, or rejects as soon as `signal` aborts: a custom fetch, or a body
 * stream it built itself, may ignore the signal, and an abort must still be immediate.
 */
const unlessAborted = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });

/** The response read to its end: one promise for the abort race to watch, not two. */
const exchange = async (
  send: (signal: AbortSignal) => Promise<Response>,
  signal: AbortSignal,
): Promise<Answer> => {
  const response = await send(signal);
  const text = await response.text();
  return {
    status: response.status,
    text,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  };
};

/**
 * One attempt, under its own deadline, which also covers reading the body (a deadline on
 * the response alone stops at the headers, and a body that stalls would hang forever).
 */
const attempt = async (
  endpoint: Endpoint,
  send: (signal: AbortSignal) => Promise<Response>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Answer> => {
  if (signal?.aborted) throw new TransportError(endpoint, 'abort');
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    return await unlessAborted(exchange(send, controller.signal), controller.signal);
  } catch (error) {
    if (signal?.aborted) throw new TransportError(endpoint, 'abort');
    if (timedOut) throw new TransportError(endpoint, 'timeout');
    if (error instanceof KycFlowError) throw error;
    throw new TransportError(endpoint, 'network', undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
};

/**
 * Sends with `fetch` as it is (the given one, else the platform's, looked up per call so a
 * host that swaps `globalThis.fetch` later is heard). `fetch(url, init)`, not
 * `fetch(new Request(…))`: fetch builds its own Request from either, so a ready one would
 * be built twice.
 */
export const fetchSend =
  (fetch?: typeof globalThis.fetch): HttpSend =>
  (url, request) =>
    (fetch ?? globalThis.fetch)(url, { method: 'POST', ...request });

/**
 * Sends a delivery through `send` (default: `fetch` as it is) and hands back the envelope's
 * `data`. The retry loop is ours, for any `send`: the gateway reports `999401` inside an
 * HTTP 200 that a status-based retry cannot see, and one loop for every transient failure
 * is easier to reason about than two.
 */
export const createTransport = (
  settings: TransportSettings,
  send: HttpSend = fetchSend(settings.fetch),
): Transport => {
  const basePolicy = mergeRetryPolicy(settings.retry);
  const baseTimeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return (endpoint, delivery, options = {}) => {
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? baseTimeoutMs;
    const sendOnce = (attemptSignal: AbortSignal) =>
      send(delivery.url, { body: delivery.body, headers: delivery.headers, signal: attemptSignal });
    return withRetry(
      endpoint,
      async () => openAnswer(endpoint, await attempt(endpoint, sendOnce, signal, timeoutMs)),
      {
        // Most calls bring no retry override: no policy to merge and freeze for them.
        policy: options.retry ? mergeRetryPolicy(basePolicy, options.retry) : basePolicy,
        signal,
        onRetry: settings.onRetry,
      },
    );
  };
};
