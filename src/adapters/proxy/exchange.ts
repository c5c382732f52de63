import { untilAborted } from '../../services/attempt-fetch.js';
import { refusalResponse } from './envelope.js';
import { type Relayed, relay } from './relay.js';

export interface Upstream {
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  /** Longer answers are cut off unread (`relay`). */
  readonly maxAnswerBytes: number;
}

/**
 * One upstream call under one deadline, covering the answer's body too (a body that stalls
 * would otherwise hold the caller forever). The deadline holds even through a fetch that
 * does not pass the signal on (a host's wrapper, or a signal lost on the way): the caller
 * is answered then, and a late answer is let go unread. Network trouble never reaches the
 * caller as more than a generic refusal; its detail goes to the host's `onError`.
 */
export const exchange = async (
  upstream: Upstream,
  url: string,
  init: { readonly headers: Record<string, string>; readonly body: BodyInit },
): Promise<Relayed> => {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, upstream.timeoutMs);
  const answering = upstream.fetch(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    signal: controller.signal,
    // Refused by the fetch itself, and no window: undici then sends the request as it is,
    // instead of copying it and its body in case it has to follow (see `refusingRedirects`).
    redirect: 'error',
    window: null,
  });
  try {
    const answer = await untilAborted(answering, controller.signal);
    return await untilAborted(relay(answer, upstream.maxAnswerBytes), controller.signal);
  } catch (error) {
    // An answer that comes after the deadline is nobody's: its body is let go.
    answering
      .then(
        (late) => late.body?.cancel(),
        () => undefined,
      )
      .catch(() => undefined);
    const refusal = timedOut ? 'upstreamTimeout' : 'upstreamUnavailable';
    return { ok: false, response: refusalResponse(refusal), refusal, detail: error };
  } finally {
    clearTimeout(timer);
  }
};
