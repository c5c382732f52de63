import { HandoffError } from './handoff-error.js';

/** A call to one of the proxy's flow routes: the answer's `data`, or a `HandoffError`. */
export type ProxyPost = (api: string, body: object) => Promise<unknown>;

interface Envelope {
  readonly apiCode?: unknown;
  readonly apiMsg?: unknown;
  readonly data?: unknown;
}

/**
 * Posts over the browser flow's proxy fetch (`createProxyFetch`: the host's headers and
 * cookies on every call). A network failure rejects as `fetch` does; an answer that is a
 * refusal rejects with its code.
 */
export const proxyPost =
  (fetch: typeof globalThis.fetch): ProxyPost =>
  async (api, body) => {
    const response = await fetch(`http://proxy/?api=${api}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const envelope = (await response.json().catch(() => ({}))) as Envelope;
    if (envelope.apiCode === 200) return envelope.data;
    const said = typeof envelope.apiMsg === 'string' ? envelope.apiMsg : `HTTP ${response.status}`;
    throw new HandoffError(said.split(':', 1)[0] ?? said, `${api}: ${said}`);
  };

/** The proxy's code for a call on a flow another device drives just now. */
export const DRIVEN_ELSEWHERE = 'PROXY_DRIVEN_ELSEWHERE';

/** Whether the proxy answered `code` (not the network failing). */
export const refusedWith = (error: unknown, code?: string): boolean =>
  error instanceof HandoffError && (code === undefined || error.code === code);
