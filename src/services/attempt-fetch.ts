import type { Input } from 'ky';
import type { BodyReader } from './answer-text.js';
import { type Call, stoppedBy } from './call.js';
import { KycFlowError, TransportError } from './errors/index.js';

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts (at once if it
 * already has), whatever `work` does then: a deadline holds even through a fetch (or a body,
 * a Redis gone away) that ignores its signal.
 */
export const untilAborted = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });

const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/**
 * The request as the host's fetch receives it: `fetch(url, init)`, not ky's `Request`, so any
 * fetch works (undici's own, whose `Request` class is not the platform's, a tracer, a test
 * double). The body is the call's own: the bytes signed once, the same on every attempt
 * (ky's Request carries the URL, headers and signal; a form's `content-type` and boundary
 * are written by the fetch that sends it).
 */
const initOf = (request: Request, init: RequestInit | undefined, call: Call): RequestInit => ({
  ...init,
  method: request.method,
  headers: request.headers,
  body: call.body,
  signal: request.signal,
  redirect: request.redirect,
});

interface Answer {
  readonly response: Response;
  readonly text: string;
}

/** The answer read to its end (by the host's reader, if any); a redirect refused unread. */
const readToEnd = async (call: Call, response: Response, read?: BodyReader): Promise<Answer> => {
  if (isRedirect(response)) {
    void response.body?.cancel().catch(() => undefined);
    throw new TransportError(call.endpoint, 'redirect', response.status);
  }
  return { response, text: await (read ? read(response, call.endpoint) : response.text()) };
};

/**
 * What ky gets of a live attempt's answer: its status and headers, all that ky's retry
 * rules read; the text is kept on the call for the `afterResponse` hook. An attempt already
 * given up never gets here, so it cannot leave its text on the call.
 */
const handOver = (call: Call, { response, text }: Answer): Response => {
  call.text = text;
  const { status, statusText, headers } = response;
  return new Response(null, { status, statusText, headers });
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
  (fetch: typeof globalThis.fetch | undefined, call: Call, read?: BodyReader) =>
  (input: Input, init?: RequestInit): Promise<Response> => {
    // ky calls its fetch with its own Request, always (ky's `#fetch`); the option's type
    // allows any input only because a host's fetch may take any.
    const request = input as Request;
    const { signal } = request;
    if (call.signal?.aborted) return Promise.reject(stoppedBy(call.endpoint, call.signal));
    const exchange = async () =>
      readToEnd(
        call,
        await (fetch ?? globalThis.fetch)(request.url, initOf(request, init, call)),
        read,
      );
    return untilAborted(exchange(), signal).then(
      (answer) => handOver(call, answer),
      (error: unknown) => {
        if (call.signal?.aborted) throw stoppedBy(call.endpoint, call.signal);
        if (error instanceof KycFlowError) throw error;
        throw new TransportError(call.endpoint, 'network', undefined, { cause: error });
      },
    );
  };
