import { Agent, undiciFetch } from './peers.js';
import type { RateBudget } from './rate-budget.js';

export interface GatewayFetchOptions {
  /** At most this many connections to the gateway (and its storage) at once. */
  readonly maxConnections: number;
  /** Every call (each retry too) takes one from the shared budget first. */
  readonly budget?: RateBudget;
  /** The host's own fetch: it then bounds its connections itself. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * The fetch a worker's gateway client sends with: over a pool of at most `maxConnections`
 * keep-alive connections per origin (undici's `Agent`: calls beyond wait for a free one,
 * never a new connection), each call within the shared rate budget.
 */
export function createGatewayFetch(options: GatewayFetchOptions) {
  const dispatcher = new Agent({ connections: options.maxConnections });
  const pooled = (url: string, init: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(url, { ...init, dispatcher });
  // undici's own types and the DOM lib describe the same fetch in different words.
  const send = options.fetch ?? (pooled as unknown as typeof globalThis.fetch);
  const { budget } = options;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    await budget?.take(init?.signal ?? undefined);
    return send(input, init);
  };
  return { fetch, close: () => dispatcher.close() };
}
