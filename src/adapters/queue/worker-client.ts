import { createGatewayClient } from '../../services/client.js';
import type { GatewayClient, GatewayClientOptions } from '../../services/types.js';
import { createGatewayFetch } from './gateway-fetch.js';
import { holdOffMs } from './gateway-pressure.js';
import type { RateBudget } from './rate-budget.js';

/** A worker's gateway: a client you built, or the settings for the worker to build one. */
export type WorkerGateway = GatewayClient | GatewayClientOptions;

export const isGatewayClient = (gateway: WorkerGateway): gateway is GatewayClient =>
  'call' in gateway && typeof gateway.call === 'function';

export interface WorkerClientOptions {
  readonly maxConnections: number;
  readonly budget?: RateBudget;
  /** The gateway said "too many": every worker of the queue holds off for `ms`. */
  readonly holdOff: (ms: number) => void;
}

/**
 * The client a worker's flows share. Built from settings, it sends over a bounded pool of
 * connections, takes each call (each retry too) from the queue's shared budget, and makes
 * every worker hold off when the gateway answers 429 (from the answer's arrival) or 999401.
 * ky's per-attempt timeout (`timeoutMs`, default 10 s) counts an attempt's wait in the
 * budget too: give the budget headroom. A client you built is used as it is: give it a
 * bounded `fetch` yourself.
 */
export function workerClient(gateway: WorkerGateway, options: WorkerClientOptions) {
  if (isGatewayClient(gateway)) return { client: gateway, close: async () => undefined };
  const pooled = createGatewayFetch({
    maxConnections: options.maxConnections,
    onTooMany: options.holdOff,
    ...(options.budget && { budget: options.budget }),
    ...(gateway.fetch && { fetch: gateway.fetch }),
  });
  const client = createGatewayClient({
    ...gateway,
    fetch: pooled.fetch,
    onRetry: (event) => {
      const ms = holdOffMs(event);
      if (ms !== undefined) options.holdOff(ms);
      gateway.onRetry?.(event);
    },
  });
  return { client, close: () => pooled.close() };
}
