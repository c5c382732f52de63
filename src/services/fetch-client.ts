import { buildGatewayClient } from './gateway-client.js';
import { createHmacSigner } from './sign.js';
import { fetchSend } from './transport.js';
import type { GatewayClient, GatewayClientOptions } from './types.js';

/**
 * `createGatewayClient` for browser bundles: the same client (validation, signing or
 * none, retries, typed errors), sending with `fetch` as it is. ky is left out on purpose:
 * the client runs it with its retries and timeout off, so it would add bytes and nothing
 * else between the page and its proxy.
 */
export const createGatewayClient = (options: GatewayClientOptions): GatewayClient =>
  buildGatewayClient(options, fetchSend(options.fetch), createHmacSigner);
