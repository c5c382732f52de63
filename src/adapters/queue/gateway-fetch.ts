import { refusingRedirects } from '../../services/redirect-refusing-fetch.js';
import { arrivalHoldMs } from './gateway-pressure.js';
import { Agent, undiciFetch } from './peers.js';
import type { RateBudget } from './rate-budget.js';

export interface GatewayFetchOptions {
  /** At most this many connections to the gateway (and its storage) at once. */
  readonly maxConnections: number;
  /** Every call (each retry too) takes one from the shared budget first. */
  readonly budget?: RateBudget;
  /** An answer said "too many, for this long" (a 429's `Retry-After`): told as it arrives. */
  readonly onTooMany?: (ms: number) => void;
  /** The host's own fetch: it then bounds its connections itself. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * The fetch a worker's gateway client sends with: over a pool of at most `maxConnections`
 * keep-alive connections per origin (undici's `Agent`: calls beyond wait for a free one,
 * never a new connection), each call within the shared rate budget, redirects refused by
 * undici itself.
 */
export function createGatewayFetch(options: GatewayFetchOptions) {
  const dispatcher = new Agent({ connections: options.maxConnections });
  const pooled = async (url: string, init: RequestInit = {}) => {
    const sent = await withEncodedForm(init);
    // undici's own types and the DOM lib describe the same request in different words.
    return undiciFetch(url, { ...(sent as Parameters<typeof undiciFetch>[1]), dispatcher });
  };
  // undici's: it refuses redirects itself, cheaper than copying each request to follow one.
  const send = options.fetch ?? refusingRedirects(pooled as unknown as typeof globalThis.fetch);
  const { budget, onTooMany } = options;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    await budget?.take(init?.signal ?? undefined);
    const response = await send(input, init);
    const holdMs = onTooMany && arrivalHoldMs(response);
    if (holdMs !== undefined) onTooMany?.(holdMs);
    return response;
  };
  return { fetch, close: () => dispatcher.close() };
}

/**
 * undici's own fetch does not know the platform's `FormData` class (an upload's body): the
 * body is encoded here, by the platform, as it would have sent it, its boundary with it.
 */
async function withEncodedForm(init: RequestInit): Promise<RequestInit> {
  if (!(init.body instanceof FormData)) return init;
  const encoded = new Response(init.body);
  const headers = new Headers(init.headers);
  headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
  return { ...init, headers, body: new Uint8Array(await encoded.arrayBuffer()) };
}
