import { METHOD_FUNCTIONS } from '../src/services/method-functions.js';
import type { GatewayClient } from '../src/services/types.js';
import type { PlainGateway } from './plain-gateway.js';

/** The wire's JSON string fields: typed objects in, strings out. */
const JSON_STRING_FIELDS = new Set([
  'personData',
  'scores',
  'images',
  'doc',
  'extraData',
  'formData',
]);

const toWire = (input: object): object =>
  Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key,
      JSON_STRING_FIELDS.has(key) && typeof value !== 'string' ? JSON.stringify(value) : value,
    ]),
  );

/**
 * A diagnostic only: the `GatewayClient` interface over the plain script's `fetch` and
 * `node:crypto`, without validation, retries or timeouts. Running the chart over it
 * separates what the chart and runner cost from what the gateway client costs.
 */
export function createPlainClient(gateway: PlainGateway): GatewayClient {
  const call = (method: string, input: object) => gateway.call(method, toWire(input));
  const functions = Object.fromEntries(
    Object.entries(METHOD_FUNCTIONS).map(([name, method]) => [
      name,
      (input: object) => call(method, input),
    ]),
  );
  const upload = () => Promise.reject(new Error('the throughput run uploads nothing'));
  // The table covers every method function (checked in src/services at compile time).
  return { call, ...functions, upload } as unknown as GatewayClient;
}
