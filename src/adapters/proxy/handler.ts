import type { MethodName } from '../../services/wire/methods.js';
import { handleCall } from './call.js';
import { admitCaller } from './caller.js';
import type { ProxyContext } from './context.js';
import { isPreflight, preflightAnswer, withCors } from './cors.js';
import { refusalResponse } from './envelope.js';
import { handleFlowCall, isFlowApi } from './flow-api.js';
import { fromAllowedOrigin } from './origin.js';
import { resolveOptions } from './resolve-options.js';
import {
  type ClaimCustomers,
  type GatewayProxy,
  type GatewayProxyOptions,
  type ProxyRefusal,
  UPLOAD_API,
} from './types.js';
import { handleUpload } from './upload.js';

const CLAIMS: readonly ClaimCustomers[] = ['never', 'first-caller'];

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
  if (options.claimCustomers !== undefined && !CLAIMS.includes(options.claimCustomers)) {
    throw new TypeError(
      `createGatewayProxy: claimCustomers is 'never' (the default: authorize returns each caller's customerId) or 'first-caller' (demos and tests)`,
    );
  }
};

const isAllowed = (context: ProxyContext, api: string | undefined): api is MethodName =>
  api !== undefined && context.allowed.has(api as MethodName);

/** Every request but a listed origin's preflight, answered without CORS. */
const answerOf =
  (context: ProxyContext, options: GatewayProxyOptions) =>
  async (request: Request): Promise<Response> => {
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
      // A preflight no listed origin sent: a page of another site (or one the host forgot
      // to list), told apart in the host's log from a wrong HTTP method.
      if (isPreflight(request) && !fromAllowedOrigin(request, context.allowedOrigins)) {
        return refuse('crossOrigin', request.headers.get('origin'));
      }
      if (request.method !== 'POST') {
        const answer = refuse('httpMethodNotAllowed');
        answer.headers.set('allow', 'POST');
        return answer;
      }
      const admission = await admitCaller(context, options.authorize, request, api);
      if ('refusal' in admission) {
        callerId = admission.callerId;
        const answer = refuse(admission.refusal, admission.detail);
        const wait = admission.retryAfterSeconds;
        if (wait !== undefined) answer.headers.set('retry-after', String(wait));
        return answer;
      }
      callerId = admission.caller.callerId;
      if (api === UPLOAD_API) return await handleUpload(context, request, admission.caller);
      if (isFlowApi(api)) return await handleFlowCall(context, request, api, admission.caller);
      if (!isAllowed(context, api)) return refuse('methodNotAllowed');
      return await handleCall(context, request, api, admission.caller);
    } catch (error) {
      return refuse('internal', error);
    }
  };

/**
 * The signing proxy a frontend's backend mounts, so that the browser never holds the API
 * secret: `POST {proxyUrl}?api={method}` with the plain JSON body, or
 * `POST {proxyUrl}?api=storage.upload` multipart. A Web-standard handler, for any fetch
 * runtime (Hono, Next.js route handlers, Deno, Bun, workers; Node through an adapter).
 *
 * It is the trust boundary: the browser's client carries no schema, so every request is
 * checked against the wire contract (ids within `ID_LIMITS`) before it is signed, and
 * every successful answer before it is relayed. Secure by default: `authorize` names each
 * caller's customerId, and every execution a caller starts is bound to that caller alone;
 * quotas bound what one caller can make it hold or do.
 *
 * Every answer is in the gateway's envelope; the proxy's own refusals are listed in
 * `PROXY_REFUSALS`. No answer carries the secret, a signature, or upstream detail. Pages
 * of the origins in `allowedOrigins` get CORS (`cors.ts`); no other origin does.
 */
export const createGatewayProxy = (options: GatewayProxyOptions): GatewayProxy => {
  required(options);
  const context = resolveOptions(options);
  const answer = answerOf(context, options);
  return async (request) => {
    const preflight = isPreflight(request) && preflightAnswer(request, context.allowedOrigins);
    if (preflight) return preflight;
    return withCors(await answer(request), request, context.allowedOrigins);
  };
};
