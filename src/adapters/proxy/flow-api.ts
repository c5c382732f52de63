import { type AdmittedCaller, type ProxyContext, refuse } from './context.js';
import { type FlowCall, readObject } from './flow-call.js';
import { forgetFlow, loadFlow, saveFlow } from './flow-routes.js';
import { createLink, redeemLink, returnFlow, revokeLink } from './handoff-routes.js';
import { mediaTypeOf } from './media-type.js';
import { bodyRefusal, JSON_BODY_PACE, readLimitedBody } from './read-body.js';

/**
 * The proxy's own routes for kept flows and handoffs, beside the gateway's methods:
 * `POST {proxyUrl}?api=flow.save` and the rest, with a JSON object as the body.
 */
const ROUTES = {
  'flow.save': saveFlow,
  'flow.load': loadFlow,
  'flow.forget': forgetFlow,
  'handoff.create': createLink,
  'handoff.redeem': redeemLink,
  'handoff.revoke': revokeLink,
  'handoff.return': returnFlow,
} as const satisfies Record<string, (call: FlowCall) => Promise<Response>>;

export type FlowApi = keyof typeof ROUTES;

export const isFlowApi = (api: string | undefined): api is FlowApi =>
  api !== undefined && Object.hasOwn(ROUTES, api);

/**
 * A flow route's call, behind `authorize` and the caller's calls per minute like every
 * other: from the site's own pages only (every route reads or changes what a customer
 * gave), a JSON object within the body limit. Off when the proxy keeps no flows
 * (`flows: false`), handoffs when `handoff: false`.
 */
export const handleFlowCall = async (
  context: ProxyContext,
  request: Request,
  api: FlowApi,
  caller: AdmittedCaller,
): Promise<Response> => {
  const scope = { api, callerId: caller.callerId };
  const keeping = context.flows;
  if (!keeping || (api.startsWith('handoff.') && !keeping.handoff)) {
    return refuse(context, scope, 'methodNotAllowed');
  }
  if (mediaTypeOf(request) !== 'application/json') {
    return refuse(context, scope, 'unsupportedMediaType');
  }
  const read = await readLimitedBody(request, context.maxBodyBytes, JSON_BODY_PACE);
  if (!read.ok) return refuse(context, scope, bodyRefusal(read.reason));
  const body = readObject(read.bytes);
  if (!body) return refuse(context, scope, 'invalidBody', { shown: 'not a JSON object' });
  return ROUTES[api]({ context, keeping, caller, scope, body });
};
