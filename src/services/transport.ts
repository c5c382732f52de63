import { type Answer, type Endpoint, openAnswer } from './envelope.js';
import { KycFlowError, TransportError } from './errors/index.js';
import { mergeRetryPolicy, parseRetryAfter, withRetry } from './retry.js';
import type {
  CallOptions,
  HttpRequest,
  HttpResponse,
  HttpSend,
  RetryEvent,
  RetryPolicy,
} from './types.js';

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

/** The response read to its end: one promise for the attempt to watch, not two. */
const exchange = async (
  send: (request: HttpRequest) => Promise<HttpResponse>,
  request: HttpRequest,
): Promise<Answer> => {
  const response = await send(request);
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
 *
 * Giving up aborts with the typed error as the reason: `abort()` with no reason builds a
 * DOMException and its stack, and `AbortSignal.timeout`/`AbortSignal.any` would add a
 * signal each per call. The AbortController is made only if the sender reads `signal`
 * (fetch does; the node:http sender registers `onAbort` instead). The attempt settles on
 * the first of: the exchange, the deadline, the caller's abort, so an abort is immediate
 * even through a custom fetch (or a body) that ignores its signal.
 */
const attempt = (
  endpoint: Endpoint,
  send: (request: HttpRequest) => Promise<HttpResponse>,
  delivery: Pick<HttpRequest, 'body' | 'headers'>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Answer> => {
  if (signal?.aborted) return Promise.reject(new TransportError(endpoint, 'abort'));
  let controller: AbortController | undefined;
  let stopSend: ((reason: Error) => void) | undefined;
  let givenUp: TransportError | undefined;
  const request: HttpRequest = {
    body: delivery.body,
    headers: delivery.headers,
    get signal() {
      controller ??= new AbortController();
      if (givenUp) controller.abort(givenUp);
      return controller.signal;
    },
    // Registered as the request goes out, before anything can give the attempt up.
    onAbort: (stop) => {
      stopSend = stop;
    },
  };
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const giveUp = (failure: 'abort' | 'timeout') => {
      if (settled) return;
      settle();
      givenUp = new TransportError(endpoint, failure);
      controller?.abort(givenUp);
      stopSend?.(givenUp);
      reject(givenUp);
    };
    const onAbort = () => giveUp('abort');
    const timer = setTimeout(giveUp, timeoutMs, 'timeout');
    signal?.addEventListener('abort', onAbort, { once: true });
    exchange(send, request).then(
      (answer) => {
        if (settled) return;
        settle();
        resolve(answer);
      },
      (error: unknown) => {
        if (settled) return;
        settle();
        reject(
          error instanceof KycFlowError
            ? error
            : new TransportError(endpoint, 'network', undefined, { cause: error }),
        );
      },
    );
  });
};

/**
 * Sends with `fetch` as it is (the given one, else the platform's, looked up per call so a
 * host that swaps `globalThis.fetch` later is heard). `fetch(url, init)`, not
 * `fetch(new Request(…))`: fetch builds its own Request from either, so a ready one would
 * be built twice.
 *
 * Redirects are refused (`redirect: 'error'`, a `network` TransportError): the gateway has
 * one URL per environment, and a signed call (apiKey and sign in its URL) must not be
 * replayed wherever a `Location` points. It also spares Node's fetch a copy of every
 * request body, kept only in case a redirect has to send it again.
 */
export const fetchSend =
  (fetch?: typeof globalThis.fetch): HttpSend =>
  (url, request) =>
    (fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      redirect: 'error',
      body: request.body,
      headers: request.headers,
      signal: request.signal,
    });

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
    const sendOnce = (request: HttpRequest) => send(delivery.url, request);
    return withRetry(
      endpoint,
      async () =>
        openAnswer(endpoint, await attempt(endpoint, sendOnce, delivery, signal, timeoutMs)),
      {
        // Most calls bring no retry override: no policy to merge and freeze for them.
        policy: options.retry ? mergeRetryPolicy(basePolicy, options.retry) : basePolicy,
        signal,
        onRetry: settings.onRetry,
      },
    );
  };
};
