import { GatewayError } from './errors/gateway-error.js';
import type { GatewayClient } from './types.js';

/** A request signature in a URL a gateway may echo: `sign=` and 64 hex digits (HMAC-SHA256). */
const SIGNATURES = /\bsign=[0-9a-f]{64}\b/gi;

/**
 * A gateway's own message can repeat the request it refused, URL included, and that URL
 * carries the apiKey and the signature: an error (and every log or terminal it reaches)
 * must not. Words only the gateway wrote stay as they are.
 */
export function withoutCredentials(error: unknown, apiKey: string): unknown {
  if (!(error instanceof GatewayError)) return error;
  const keyless = apiKey === '' ? error.apiMsg : error.apiMsg.split(apiKey).join('[apiKey]');
  const apiMsg = keyless.replace(SIGNATURES, 'sign=[sign]');
  if (apiMsg === error.apiMsg) return error;
  return new GatewayError(error.method, error.apiCode, apiMsg, {
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

type Call = (...args: never[]) => Promise<unknown>;

/** `client` with every call's gateway errors told without the apiKey or a signature. */
export function scrubbingCredentials(client: GatewayClient, apiKey: string): GatewayClient {
  const scrub = <F extends Call>(call: F): F =>
    ((...args: Parameters<F>) =>
      call(...args).catch((error: unknown) => {
        throw withoutCredentials(error, apiKey);
      })) as F;
  const wrapped = Object.fromEntries(
    Object.entries(client).map(([name, call]) => [name, scrub(call as Call)]),
  );
  return Object.freeze(wrapped) as unknown as GatewayClient;
}
