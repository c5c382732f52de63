import { buildGatewayClient } from '../../services/gateway-client.js';
import { fetchSend } from '../../services/transport.js';
import type { GatewayClient, GatewayClientOptions, Uploader } from '../../services/types.js';
import { createStorageUploader } from '../../services/upload.js';

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

/** Sends a `File`/`Blob` to the proxy's upload route (`?api=storage.upload`, multipart). */
export const createProxyUploader = (
  proxyUrl: string | URL,
  options: ProxyClientOptions = {},
): Uploader => {
  let uploader: Uploader | undefined;
  return (input, callOptions) => {
    uploader ??= createStorageUploader({
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      storageUrl: uploadUrlOf(resolveProxyUrl(proxyUrl)),
      apiKey: PLACEHOLDER,
      domainId: PLACEHOLDER,
      fetch: createProxyFetch(proxyUrl, options),
    });
    return uploader(input, callOptions);
  };
};

/**
 * A `GatewayClient` that talks to the host's proxy instead of the gateway: the same typed
 * functions, validation, retries and errors; no secret, no signature in the browser.
 */
export const createProxyClient = (
  proxyUrl: string | URL,
  options: ProxyClientOptions = {},
): GatewayClient => {
  const resolved = resolveProxyUrl(proxyUrl);
  const fetch = createProxyFetch(resolved, options);
  // No signer at all: the proxy signs, and a secret smuggled in has nothing to sign with.
  return buildGatewayClient(
    {
      gatewayUrl: resolved.toString(),
      storageUrl: uploadUrlOf(resolved),
      apiKey: PLACEHOLDER,
      domainId: PLACEHOLDER,
      fetch,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    },
    fetchSend(fetch),
  );
};
