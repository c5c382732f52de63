import { ID_LIMITS } from '../../services/wire/id-limits.js';
import type { AdmittedCaller, ProxyContext } from './context.js';
import { mayCallWithoutCustomer } from './driver-admission.js';
import { fromAllowedOrigin } from './origin.js';
import type { GatewayProxyOptions, ProxyRefusal } from './types.js';

export type CallerAdmission =
  | { readonly caller: AdmittedCaller }
  | {
      readonly refusal: ProxyRefusal;
      readonly callerId?: string;
      readonly detail?: string;
      readonly retryAfterSeconds?: number;
    };

const NO_CUSTOMER =
  "authorize returned no customerId (or one longer than ID_LIMITS.customerId): return the caller's customerId from your own records, or opt into claimCustomers: 'first-caller' (demos and tests)";

/**
 * Who is calling, as the host's `authorize` says, and whether they may call now: signed
 * in, from the site's own pages (or `allowedOrigins`, or no page at all), with a customer
 * of record unless the proxy claims customers for its callers, and within their calls per
 * minute (every call counts, refused ones included, but not one from another site).
 */
export const admitCaller = async (
  context: ProxyContext,
  authorize: GatewayProxyOptions['authorize'],
  request: Request,
  api?: string,
): Promise<CallerAdmission> => {
  const caller = await authorize(request);
  if (!caller || typeof caller.callerId !== 'string' || caller.callerId === '') {
    return { refusal: 'unauthenticated' };
  }
  const { callerId, customerId } = caller;
  // Every route, before the call is counted: another site's page, sending the customer's
  // cookie, must not use up their calls per minute either. A CORS preflight is not counted
  // on: a permissive CORS layer in front answers it, and a form post needs none.
  if (!fromAllowedOrigin(request, context.allowedOrigins)) {
    return { refusal: 'crossOrigin', callerId };
  }
  const asserted =
    typeof customerId === 'string' &&
    customerId !== '' &&
    customerId.length <= ID_LIMITS.customerId;
  const owner = await context.digest(callerId);
  const { sessionId } = caller;
  const device =
    typeof sessionId === 'string' && sessionId !== ''
      ? await context.digest(`${callerId}\n${sessionId}`)
      : owner;
  // Counted before anything else is read for it: a caller refused for want of a customer
  // costs a store read, and would otherwise cost it as often as it liked.
  const { count, resetInMs } = await context.bindings.countCall(owner);
  if (count > context.quotas.callsPerMinute) {
    return { refusal: 'tooManyCalls', callerId, retryAfterSeconds: Math.ceil(resetInMs / 1000) };
  }
  if (context.claimCustomers === 'never' && !asserted) {
    if (!(await mayCallWithoutCustomer(context, device, api))) {
      return { refusal: 'customerNotAsserted', callerId, detail: NO_CUSTOMER };
    }
  }
  const admitted = { callerId, owner, device, ...(asserted ? { customerId } : {}) };
  return { caller: admitted };
};
