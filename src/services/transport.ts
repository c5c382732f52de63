import ky from 'ky';
import { type Answer, type Endpoint, openAnswer } from './envelope.js';
import { KycFlowError, TransportError } from './errors/index.js';
import { mergeRetryPolicy, parseRetryAfter, withRetry } from './retry.js';
import type { CallOptions, RetryEvent, RetryPolicy } from './types.js';

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

/**
 * One attempt, under its own deadline. The deadline is ours rather than ky's `timeout`,
 * because ky's stops at the response headers and a body that stalls would hang forever.
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
    const response = await unlessAborted(send(controller.signal), controller.signal);
    const text = await unlessAborted(response.text(), controller.signal);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return { status: response.status, text, retryAfterMs };
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
 * ky sends (the injected `fetch`, the request shape); the retry loop is ours, because the
 * gateway reports `999401` inside an HTTP 200 that ky's status-based retry cannot see, and
 * one loop for every transient failure is easier to reason about than two.
 */
export const createTransport = (settings: TransportSettings): Transport => {
  const http = ky.create({
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
  });
  const basePolicy = mergeRetryPolicy(settings.retry);
  const baseTimeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return (endpoint, delivery, options = {}) => {
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? baseTimeoutMs;
    const send = (attemptSignal: AbortSignal) =>
      http.post(delivery.url, {
        body: delivery.body,
        headers: delivery.headers,
        signal: attemptSignal,
      });
    return withRetry(
      endpoint,
      async () => openAnswer(endpoint, await attempt(endpoint, send, signal, timeoutMs)),
      {
        policy: mergeRetryPolicy(basePolicy, options.retry),
        signal,
        onRetry: settings.onRetry,
      },
    );
  };
};
