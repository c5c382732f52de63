import { composeGatewayClient } from '../../services/compose-client.js';
import { plainWireCodec } from '../../services/plain-codec.js';
import { createTransport, fetchSend, type Transport } from '../../services/transport.js';
import type {
  GatewayClient,
  GatewayClientOptions,
  Uploader,
  UploadResult,
} from '../../services/types.js';

/** The proxy's upload route (see `createGatewayProxy`). */
const UPLOAD_API = 'storage.upload';

/** Placeholders the client needs to build a call; the proxy fetch drops them before sending. */
const PLACEHOLDER = 'proxy';

export interface ProxyFetchOptions {
  /** Cookies sent with each call; default `'same-origin'` (a session cookie on the same site). */
  readonly credentials?: RequestCredentials;
  /**
   * Extra headers on every call: a bearer token, a CSRF header. A function is asked again
   * for every call, so a token that refreshes is always the current one.
   */
  readonly headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** The browser's `fetch` unless given (tests, a wrapper that traces). */
  readonly fetch?: typeof globalThis.fetch;
}

export interface ProxyClientOptions
  extends ProxyFetchOptions,
    Pick<GatewayClientOptions, 'retry' | 'timeoutMs' | 'onRetry'> {}

/** A relative proxy URL (`/api/kyc`) resolves against the page, read when first used. */
const resolveProxyUrl = (proxyUrl: string | URL): URL =>
  new URL(proxyUrl, typeof location === 'undefined' ? undefined : location.href);

const uploadUrlOf = (proxyUrl: URL): string => {
  const url = new URL(proxyUrl);
  url.searchParams.set('api', UPLOAD_API);
  return url.toString();
};

/**
 * A `fetch` that turns a gateway-style call (`?api=…&apiVersion=…&apiKey=…&sign=…`, an
 * `x-domain` header) into a call to the proxy (`?api=…` only, the same body): the proxy
 * holds the credentials and signs. Hand it to `createGatewayClient`, or use
 * `createProxyClient`.
 */
export const createProxyFetch = (
  proxyUrl: string | URL,
  options: ProxyFetchOptions = {},
): typeof globalThis.fetch => {
  let target: URL | undefined;
  return async (input, init) => {
    target ??= resolveProxyUrl(proxyUrl);
    const request = new Request(input, init);
    const url = new URL(target);
    const api = new URL(request.url).searchParams.get('api');
    if (api !== null) url.searchParams.set('api', api);

    const headers = new Headers(request.headers);
    headers.delete('x-domain');
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    new Headers(extra).forEach((value, name) => {
      headers.set(name, value);
    });

    const send = options.fetch ?? globalThis.fetch;
    return send(url, {
      method: request.method,
      headers,
      // Buffered: a streamed request body needs `duplex`, which not every browser has.
      body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.blob(),
      credentials: options.credentials ?? 'same-origin',
      signal: request.signal,
    });
  };
};

/**
 * Posts a file to the proxy's upload route over a transport. The proxy checked the storage
 * service's answer against the contract before relaying it, so it is handed on as it is.
 */
const uploadOver =
  (transport: Transport, uploadUrl: string): Uploader =>
  (input, callOptions) => {
    const form = new FormData();
    form.set('file', input.file, input.filename);
    form.set('executionId', input.executionId);
    const delivery = { url: uploadUrl, body: form, headers: {} };
    return transport(UPLOAD_API, delivery, callOptions) as Promise<UploadResult>;
  };

/** The client's own settings for its transport, without the keys it was not given. */
const transportSettings = (options: ProxyClientOptions) => ({
  ...(options.retry ? { retry: options.retry } : {}),
  ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  ...(options.onRetry ? { onRetry: options.onRetry } : {}),
});

/** Sends a `File`/`Blob` to the proxy's upload route (`?api=storage.upload`, multipart). */
export const createProxyUploader = (
  proxyUrl: string | URL,
  options: ProxyClientOptions = {},
): Uploader => {
  let uploader: Uploader | undefined;
  return (input, callOptions) => {
    uploader ??= uploadOver(
      createTransport(transportSettings(options), fetchSend(createProxyFetch(proxyUrl, options))),
      uploadUrlOf(resolveProxyUrl(proxyUrl)),
    );
    return uploader(input, callOptions);
  };
};

/**
 * A `GatewayClient` that talks to the host's proxy (`createGatewayProxy`) instead of the
 * gateway: the same typed functions, retries and errors; no secret, no signature and no
 * schema in the browser. The proxy validates both ways: a request that breaks the contract
 * comes back as the same `ValidationError` a server-side client raises before sending, and
 * an answer reaches the page only if the contract allows it.
 */
export const createProxyClient = (
  proxyUrl: string | URL,
  options: ProxyClientOptions = {},
): GatewayClient => {
  const resolved = resolveProxyUrl(proxyUrl);
  const fetch = createProxyFetch(resolved, options);
  const uploadUrl = uploadUrlOf(resolved);
  return composeGatewayClient(
    {
      gatewayUrl: resolved.toString(),
      apiKey: PLACEHOLDER,
      domainId: PLACEHOLDER,
      fetch,
      ...transportSettings(options),
    },
    {
      send: fetchSend(fetch),
      codec: plainWireCodec,
      // No signer at all: the proxy signs, and a secret smuggled in has nothing to sign with.
      uploader: (transport) => uploadOver(transport, uploadUrl),
    },
  );
};
