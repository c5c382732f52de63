import type { Context } from 'hono';
import { refuse } from '../answer.js';
import type { FaultKind } from '../types.js';
import { drop, envelope } from './exchange.js';

/** The answer of an injected fault that replaces the call (`slow` and `drop-after-effect` do not). */
export function faultAnswer(c: Context, kind: FaultKind, retryAfterSeconds: number): Response {
  const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
  switch (kind) {
    case 'http-500':
      return c.text('Internal Server Error', 500);
    case 'http-503':
      return c.text('Service Unavailable', 503, retryAfter);
    case 'http-429':
      return c.text('Too Many Requests', 429, retryAfter);
    case 'service-timeout':
      return c.json(envelope(refuse('SERVICE_TIME_OUT', 'injected fault')));
    case 'gateway-error':
      return c.json(envelope(refuse('GATEWAY_ERROR', 'injected fault')));
    case 'invoke-error':
      return c.json(envelope(refuse('SERVICE_INVOKE_ERROR', 'injected fault')));
    case 'malformed-envelope':
      return c.body('{"apiCode":200,"apiMsg":"OK","data":{"execu', 200, {
        'Content-Type': 'application/json',
      });
    default:
      return drop(c);
  }
}
