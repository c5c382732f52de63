import { METHOD_FUNCTIONS, type MethodFunctionName } from './method-functions.js';
import { createTransport, type Transport, type TransportSettings } from './transport.js';
import type {
  CallOptions,
  GatewayClient,
  GatewayClientOptions,
  MethodFunction,
  Signer,
  Uploader,
  WireCodec,
} from './types.js';
import { resolveUrl } from './url.js';
import type { MethodInput, MethodName, MethodOutput } from './wire/methods.js';

export const API_VERSION = '1.0.0';

/** What a client is made of besides its options; each part is chosen by its caller. */
export interface ClientParts {
  /** Writes requests and reads answers (with schemas or plainly). */
  readonly codec: WireCodec;
  /** Signs the exact body; none for a client whose proxy signs. */
  readonly signer?: Signer | undefined;
  /**
   * Puts files in storage over the client's transport, given the resolved gateway URL; made
   * on the first upload, unless the host passed its own (`options.upload`).
   */
  readonly uploader: (transport: Transport, gatewayUrl: URL) => Uploader;
  /** Waits before a call goes out (a page holds its polls while it is hidden or offline). */
  readonly before?: (method: MethodName, signal: AbortSignal | undefined) => Promise<void>;
}

interface GatewayUrls {
  /** The gateway URL, resolved. */
  readonly base: () => URL;
  /** The URL of a call to `method`, before its signature. */
  readonly of: (method: string) => string;
}

/**
 * The gateway's URLs, resolved once, on first use when it cannot be done at once (a
 * relative URL before there is a page: server rendering). Everything but `api` and `sign`
 * is the same on every call: each call appends two parameters to a prefix built once. The
 * documented order stays: a URL's own parameters, then api, apiVersion, apiKey, sign.
 */
const gatewayUrls = (gatewayUrl: string, apiKey: string): GatewayUrls => {
  let resolved:
    | { readonly base: URL; readonly prefix: string; readonly suffix: string }
    | undefined;
  const resolve = () => {
    if (resolved) return resolved;
    let base: URL;
    try {
      base = resolveUrl(gatewayUrl);
    } catch (cause) {
      throw new TypeError('gatewayUrl must be an absolute URL, or relative in a page', {
        cause,
      });
    }
    const fixed = new URL(base);
    fixed.hash = '';
    for (const name of ['api', 'apiVersion', 'apiKey', 'sign']) fixed.searchParams.delete(name);
    const prefix = `${fixed.href}${fixed.search ? '&' : '?'}api=`;
    const suffix = `&${new URLSearchParams({ apiVersion: API_VERSION, apiKey })}`;
    resolved = { base, prefix, suffix };
    return resolved;
  };
  try {
    resolve();
  } catch {
    // Resolved by the first call, which reports it if it still cannot be.
  }
  return {
    base: () => resolve().base,
    of: (method) => {
      const { prefix, suffix } = resolve();
      return prefix + encodeURIComponent(method) + suffix;
    },
  };
};

/**
 * The one way a gateway client is built: Node's `createGatewayClient` and the browser's
 * `createProxyClient` differ only in the parts they pass. Imports no schema, signer or
 * uploader of its own, so a bundle carries only what its caller picked. A relative gateway
 * URL (a same-origin proxy) is resolved on the first call: server rendering has no page.
 * Without a signer, requests go out unsigned: the caller sees that they go to a proxy that
 * signs (a browser's always do; `createGatewayClient` insists on a fetch for them).
 */
export const composeGatewayClient = (
  options: GatewayClientOptions & Pick<TransportSettings, 'readBody'>,
  parts: ClientParts,
): GatewayClient => {
  const { codec, signer, before } = parts;
  const transport = createTransport(options);
  const headers = Object.freeze({
    'content-type': 'application/json',
    'x-domain': options.domainId,
  });
  const urls = gatewayUrls(options.gatewayUrl, options.apiKey);

  const call = async <M extends MethodName>(
    method: M,
    input: MethodInput<M>,
    callOptions?: CallOptions,
  ): Promise<MethodOutput<M>> => {
    if (before) await before(method, callOptions?.signal);
    const body = codec.encodeRequest(method, input);
    const api = urls.of(method);
    const url = signer ? `${api}&sign=${encodeURIComponent(await signer(body))}` : api;
    const data = await transport(method, { url, body, headers }, callOptions);
    return codec.readResponse(method, data, input);
  };

  // The table is checked against `GatewayClient` at compile time (method-functions.ts).
  const functions = Object.fromEntries(
    Object.entries(METHOD_FUNCTIONS).map(([name, method]) => [
      name,
      (input: never, callOptions?: CallOptions) => call(method, input, callOptions),
    ]),
  ) as { [K in MethodFunctionName]: MethodFunction<(typeof METHOD_FUNCTIONS)[K]> };

  let uploader: Uploader | undefined = options.upload;
  const upload: Uploader = async (input, callOptions) => {
    uploader ??= parts.uploader(transport, urls.base());
    return uploader(input, callOptions);
  };
  return Object.freeze({ call, ...functions, upload });
};
