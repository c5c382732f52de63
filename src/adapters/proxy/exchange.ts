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
 * would otherwise hold the caller forever). Network trouble never reaches the caller as
 * more than a generic refusal; its detail goes to the host's `onError`.
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
  try {
    const answer = await upstream.fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: controller.signal,
      redirect: 'error',
    });
    return await relay(answer, upstream.maxAnswerBytes);
  } catch (error) {
    const refusal = timedOut ? 'upstreamTimeout' : 'upstreamUnavailable';
    return { ok: false, response: refusalResponse(refusal), refusal, detail: error };
  } finally {
    clearTimeout(timer);
  }
};
