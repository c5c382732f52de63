import { METHOD_FUNCTIONS, type MethodFunctionName } from './method-functions.js';
import { createTransport, type Transport } from './transport.js';
import type {
  CallOptions,
  GatewayClient,
  GatewayClientOptions,
  HttpSend,
  MethodFunction,
  Signer,
  Uploader,
  WireCodec,
} from './types.js';
import type { MethodInput, MethodName, MethodOutput } from './wire/methods.js';

export const API_VERSION = '1.0.0';

/** Relative gateway URLs (a same-origin proxy) resolve against the page in a browser. */
export const toUrl = (url: string): URL =>
  new URL(url, typeof location === 'undefined' ? undefined : location.href);

/** What a client is made of besides its options; each part is chosen by the caller. */
export interface ClientParts {
  /** Sends one request (`node:http`, or `fetch` as it is). */
  readonly send: HttpSend;
  /** Writes requests and reads answers (with schemas or plainly). */
  readonly codec: WireCodec;
  /** Signs the exact body; none for a client whose proxy signs. */
  readonly signer?: Signer | undefined;
  /** Puts files in storage, over the client's own transport. */
  readonly uploader: (transport: Transport, gatewayUrl: URL) => Uploader;
}

/**
 * A gateway client from its parts. Imports no schema and no uploader of its own, so a
 * bundle takes only the parts its caller picked (`buildGatewayClient` picks the schemas
 * and the storage uploader; the browser's proxy client neither).
 */
export const composeGatewayClient = (
  options: GatewayClientOptions,
  parts: ClientParts,
): GatewayClient => {
  const { apiKey, domainId } = options;
  const { codec, signer } = parts;
  if (!signer && !options.fetch) {
    throw new TypeError(
      'createGatewayClient needs apiSecret or sign, or a fetch to a proxy that signs',
    );
  }
  const gatewayUrl = toUrl(options.gatewayUrl);
  const transport = createTransport(options, parts.send);
  // Everything but `api` and `sign` is the same on every call: the URL is built once and
  // each call appends two parameters, instead of parsing and serialising a URL per request.
  // The documented order stays: a URL's own parameters, then api, apiVersion, apiKey, sign.
  const fixed = new URL(gatewayUrl);
  fixed.hash = '';
  for (const name of ['api', 'apiVersion', 'apiKey', 'sign']) fixed.searchParams.delete(name);
  const prefix = `${fixed.href}${fixed.search ? '&' : '?'}api=`;
  const suffix = `&${new URLSearchParams({ apiVersion: API_VERSION, apiKey })}`;
  const headers = Object.freeze({ 'content-type': 'application/json', 'x-domain': domainId });

  const call = async <M extends MethodName>(
    method: M,
    input: MethodInput<M>,
    callOptions?: CallOptions,
  ): Promise<MethodOutput<M>> => {
    const body = codec.encodeRequest(method, input);
    const api = prefix + encodeURIComponent(method) + suffix;
    const url = signer ? `${api}&sign=${encodeURIComponent(await signer(body))}` : api;
    const data = await transport(method, { url, body, headers }, callOptions);
    return codec.readResponse(method, data);
  };

  const speak = <M extends MethodName>(method: M): MethodFunction<M> => {
    return (input, callOptions) => call(method, input, callOptions);
  };
  // The table is checked against `GatewayClient` at compile time (method-functions.ts).
  const functions = Object.fromEntries(
    Object.entries(METHOD_FUNCTIONS).map(([name, method]) => [name, speak(method)]),
  ) as { [K in MethodFunctionName]: MethodFunction<(typeof METHOD_FUNCTIONS)[K]> };

  const upload = options.upload ?? parts.uploader(transport, gatewayUrl);
  return Object.freeze({ call, ...functions, upload });
};
