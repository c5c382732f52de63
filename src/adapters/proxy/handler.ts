import { API_VERSION } from '../../services/client.js';
import { createHmacSigner } from '../../services/sign.js';
import { storageUrlFor } from '../../services/upload.js';
import { METHOD_NAMES, type MethodName } from '../../services/wire/methods.js';
import { createMemoryBindings } from './bindings.js';
import { handleCall } from './call.js';
import type { ProxyContext } from './context.js';
import { refusalResponse } from './envelope.js';
import {
  type GatewayProxy,
  type GatewayProxyOptions,
  type ProxyErrorEvent,
  type ProxyRefusal,
  UPLOAD_API,
} from './types.js';
import { handleUpload } from './upload.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const DEFAULT_PROXY_TIMEOUT_MS = 30_000;

const required = (options: GatewayProxyOptions) => {
  for (const key of ['gatewayUrl', 'apiKey', 'apiSecret', 'domainId'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new TypeError(`createGatewayProxy needs ${key}`);
    }
  }
  if (typeof options.authorize !== 'function') {
    throw new TypeError(
      'createGatewayProxy needs authorize: the proxy never serves anonymous calls',
    );
  }
};

const resolve = (options: GatewayProxyOptions): ProxyContext => {
  const known = new Set<string>(METHOD_NAMES);
  // Only methods of the wire contract can ever pass, whatever the host lists.
  const allowed = new Set<MethodName>(
    (options.allowedMethods ?? METHOD_NAMES).filter((method) => known.has(method)),
  );
  const { onError } = options;
  return {
    gatewayUrl: new URL(options.gatewayUrl).toString(),
    storageUrl: options.storageUrl ?? storageUrlFor(options.gatewayUrl),
    apiKey: options.apiKey,
    apiVersion: options.apiVersion ?? API_VERSION,
    domainId: options.domainId,
    sign: createHmacSigner(options.apiSecret),
    allowed,
    bindings: options.bindings ?? createMemoryBindings(),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    upstream: {
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS,
    },
    report: (event: ProxyErrorEvent) => {
      try {
        onError?.(event);
      } catch {
        // A failing logger must not turn into an answer that describes it.
      }
    },
  };
};

const isAllowed = (context: ProxyContext, api: string | undefined): api is MethodName =>
  api !== undefined && context.allowed.has(api as MethodName);

/**
 * The signing proxy a frontend's backend mounts, so that the browser never holds the API
 * secret: `POST {proxyUrl}?api={method}` with the plain JSON body, or
 * `POST {proxyUrl}?api=storage.upload` multipart. A Web-standard handler, for any fetch
 * runtime (Hono, Next.js route handlers, Deno, Bun, workers; Node through an adapter).
 *
 * It is the trust boundary: the browser's client carries no schema, so every request is
 * checked against the wire contract before it is signed, and every successful answer
 * before it is relayed. A refusal for either carries a `validation` report (fields and
 * expectations, never values), which the client raises as a `ValidationError`.
 *
 * Every answer is in the gateway's envelope; the proxy's own refusals are listed in
 * `PROXY_REFUSALS`. No answer carries the secret, a signature, or upstream detail.
 */
export const createGatewayProxy = (options: GatewayProxyOptions): GatewayProxy => {
  required(options);
  const context = resolve(options);

  return async (request) => {
    let api: string | undefined;
    let callerId: string | undefined;
    const refuse = (refusal: ProxyRefusal, detail?: unknown) => {
      context.report({ refusal, api, callerId, detail });
      return refusalResponse(refusal);
    };
    try {
      const apis = new URL(request.url).searchParams.getAll('api');
      // One api, or none: a repeated parameter could be read differently further on.
      api = apis.length === 1 ? apis[0] : undefined;
      if (request.method !== 'POST') {
        const answer = refuse('httpMethodNotAllowed');
        answer.headers.set('allow', 'POST');
        return answer;
      }
      const caller = await options.authorize(request);
      if (!caller || typeof caller.callerId !== 'string' || caller.callerId === '') {
        return refuse('unauthenticated');
      }
      callerId = caller.callerId;
      if (api === UPLOAD_API) return await handleUpload(context, request, caller);
      if (!isAllowed(context, api)) return refuse('methodNotAllowed');
      return await handleCall(context, request, api, caller);
    } catch (error) {
      return refuse('internal', error);
    }
  };
};
