import type { Input } from 'ky';
import { type Call, stoppedBy } from './call.js';
import { KycFlowError, TransportError } from './errors/index.js';

/** Statuses whose Response may carry no body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts. */
const untilAborted = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });

const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/**
 * The request as the host's fetch receives it: `fetch(url, init)`, not ky's `Request`, so any
 * fetch works (undici's own, whose `Request` class is not the platform's, a tracer, a test
 * double). The body is the call's own: the bytes signed once, the same on every attempt. A
 * form's `content-type` is left to fetch, which writes the boundary of the form it sends.
 */
const initOf = (request: Request, init: RequestInit | undefined, call: Call): RequestInit => {
  const form = typeof call.body !== 'string';
  const headers = form ? new Headers(request.headers) : request.headers;
  if (form) headers.delete('content-type');
  return {
    ...init,
    method: request.method,
    headers,
    body: call.body,
    signal: request.signal,
    redirect: request.redirect,
  };
};

/** The answer read to its end, as a Response ky can clone for its hooks. */
const readToEnd = async (call: Call, response: Response): Promise<Response> => {
  if (isRedirect(response)) {
    void response.body?.cancel().catch(() => undefined);
    throw new TransportError(call.endpoint, 'redirect', response.status);
  }
  const { status, statusText, headers } = response;
  const bytes = await response.arrayBuffer();
  return new Response(NULL_BODY_STATUSES.has(status) ? null : bytes, {
    status,
    statusText,
    headers,
  });
};

/**
 * One attempt as ky makes it, over the host's `fetch` (else the platform's, looked up per
 * call, so a host that swaps `globalThis.fetch` later is heard). The answer is read to its
 * end inside the attempt, so ky's per-attempt `timeout` covers the body as well as the
 * headers: a body that stalls is a timeout, which ky retries. The attempt settles the moment
 * its signal aborts, even through a fetch (or a body) that ignores it. Whatever fails is
 * typed here: a caller's abort, a refused redirect, else a network failure.
 */
export const attemptFetch =
  (fetch: typeof globalThis.fetch | undefined, call: Call) =>
  (input: Input, init?: RequestInit): Promise<Response> => {
    // ky hands over its Request; the option's type also allows a URL.
    const request = input instanceof Request ? input : new Request(input, init);
    const { signal } = request;
    if (call.signal?.aborted) return Promise.reject(stoppedBy(call.endpoint, call.signal));
    const exchange = async () =>
      readToEnd(call, await (fetch ?? globalThis.fetch)(request.url, initOf(request, init, call)));
    return untilAborted(exchange(), signal).catch((error: unknown) => {
      if (call.signal?.aborted) throw stoppedBy(call.endpoint, call.signal);
      if (error instanceof KycFlowError) throw error;
      throw new TransportError(call.endpoint, 'network', undefined, { cause: error });
    });
  };
