import { type ClientParts, composeGatewayClient } from '../../services/compose-client.js';
import { plainWireCodec } from '../../services/plain-codec.js';
import { createTransport, type Transport } from '../../services/transport.js';
import type {
  GatewayClient,
  GatewayClientOptions,
  Uploader,
  UploadResult,
} from '../../services/types.js';
import { uploadForm } from '../../services/upload-form.js';
import { resolveUrl } from '../../services/url.js';
import { UPLOAD_API } from '../../services/wire/upload-api.js';
import { GATEWAY_CODES } from '../../services/wire/vocabulary.js';

/** Placeholders the client needs to build a call; the proxy fetch drops them before sending. */
const PLACEHOLDER = 'proxy';

/**
 * An upload try, whole: a minute for the answer (the proxy's relay to storage) after the
 * body at the slowest pace the proxy takes (`UPLOAD_BODY_PACE`: 4 KiB/s past its first
 * 10 s), and no longer than the proxy gives a body (5 minutes) and its answer. Scaled to
 * the file, never the host's `timeoutMs` for calls: a photo on a slow link is sent, not cut
 * and sent again from its first byte. Over XMLHttpRequest a try that stalls ends sooner
 * (`upload-stall.ts`).
 */
export const uploadTryMs = (bytes: number) => Math.min(360_000, 70_000 + bytes / 4.096);

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

/** What kyc-flow's proxy answers a caller who is not signed in (its `unauthenticated`). */
const SIGNED_OUT = `{"apiCode":${GATEWAY_CODES.API_NON_AUTHORIZED},"apiMsg":"PROXY_UNAUTHENTICATED: signed out"}`;

/**
 * kyc-flow's proxy never redirects, and refuses in an envelope: a redirect (to a login
 * page), or a 401 with no `apiCode` (a login page, a sign-in layer's own JSON), is the
 * host's sign-in layer in front of the proxy saying the customer's session ran out. Told
 * as the proxy tells it, so the customer is asked to sign in again (not "try again later",
 * not retried for ever), and RETRY carries on once they have.
 */
const signedOutAsSuch = async (answer: Response): Promise<Response> => {
  if (answer.type !== 'opaqueredirect') {
    if (answer.status !== 401) return answer;
    const text = await answer.text();
    if (text.includes('"apiCode"')) return new Response(text, answer);
  }
  return new Response(SIGNED_OUT, { status: 401 });
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
    target ??= resolveUrl(proxyUrl);
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
    return signedOutAsSuch(
      await send(url, {
        method: request.method,
        headers,
        // Buffered: a streamed request body needs `duplex`, which not every browser has.
        // Every call of the gateway is a POST.
        body: await request.blob(),
        // Unset, fetch's own default: 'same-origin'.
        credentials: options.credentials,
        signal: request.signal,
        redirect: request.redirect,
      }),
    );
  };
};

/**
 * Posts a file to the proxy's upload route (`?api=storage.upload`, multipart) over a
 * transport. The proxy checked the storage service's answer against the contract before
 * relaying it, so it is handed on as it is.
 */
const uploadOver =
  (transport: Transport): Uploader =>
  async (input, callOptions) => {
    // Of this address only `api` is sent: the proxy fetch puts it on the proxy's own URL.
    const url = `https://${PLACEHOLDER}/?api=${UPLOAD_API}`;
    const delivery = { url, body: uploadForm(input), headers: {} };
    const timeoutMs = uploadTryMs(input.file.size);
    return (await transport(UPLOAD_API, delivery, { timeoutMs, ...callOptions })) as UploadResult;
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
): Uploader =>
  uploadOver(
    createTransport({
      ...transportSettings(options),
      fetch: createProxyFetch(proxyUrl, options),
    }),
  );

/** `createProxyClient`, with the parts a browser flow adds (its gate on polls). */
export const proxyClient = (
  proxyUrl: string | URL,
  options: ProxyClientOptions,
  before?: ClientParts['before'],
): GatewayClient =>
  composeGatewayClient(
    {
      gatewayUrl: String(proxyUrl),
      apiKey: PLACEHOLDER,
      domainId: PLACEHOLDER,
      fetch: createProxyFetch(proxyUrl, options),
      ...transportSettings(options),
    },
    {
      codec: plainWireCodec,
      // No signer at all: the proxy signs, and a secret smuggled in has nothing to sign with.
      uploader: () => createProxyUploader(proxyUrl, options),
      ...(before ? { before } : {}),
    },
  );

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
): GatewayClient => proxyClient(proxyUrl, options);
