import { buildGatewayClient } from './gateway-client.js';
import { nodeHttpSend } from './node-http-send.js';
import { createHmacSigner } from './sign.js';
import { fetchSend } from './transport.js';
import type { GatewayClient, GatewayClientOptions } from './types.js';
import { zodWireCodec } from './zod-codec.js';

export { API_VERSION } from './gateway-client.js';

/**
 * A client of the vendor's gateway: one typed function per method, each validating the
 * input, signing the exact bytes it sends, retrying transient failures by an explicit
 * policy, and answering validated data or a typed error. In Node, calls go out through
 * `node:http`/`node:https` (their global agent); uploads, other runtimes, and any client
 * given a `fetch` use `fetch` as it is. The retry loop, the per-attempt deadline and
 * reading the envelope are the client's own, so an HTTP library in between would only
 * build and clone each request.
 *
 * Signing: `sign` if given, else HMAC-SHA256 with `apiSecret`. With neither, requests go
 * out unsigned (no `sign` parameter) and a custom `fetch` is required: it is the transport
 * to a proxy in the host's backend that checks the caller and signs, so a browser never
 * holds the secret. `fetch` is called as `fetch(url, init)`: the URL with `api`,
 * `apiVersion`, `apiKey` (and `sign`), `init` with method, headers, body and signal.
 *
 * The options are read once; the client is frozen, and per-call `retry`/`timeoutMs`
 * override them for that call only.
 */
export const createGatewayClient = (options: GatewayClientOptions): GatewayClient => {
  const viaFetch = fetchSend(options.fetch);
  // A host's own `fetch` is always heard; otherwise Node sends with node:http (see there).
  const send = options.fetch ? viaFetch : (nodeHttpSend(viaFetch) ?? viaFetch);
  // The contract's schemas both ways: a server-side client validates what it sends and reads.
  return buildGatewayClient(options, send, createHmacSigner, zodWireCodec);
};
