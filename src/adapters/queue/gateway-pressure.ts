import { GatewayError } from '../../services/errors/gateway-error.js';
import { TransportError } from '../../services/errors/transport-error.js';
import type { RetryEvent } from '../../services/types.js';
import { GATEWAY_CODES } from '../../services/wire/vocabulary.js';

/** The longest every worker holds off at one "too many" (a wrong `Retry-After` must not stop the queue). */
const MAX_HOLD_MS = 60_000;
const MIN_HOLD_MS = 100;

/**
 * How long every worker holds off when a retry was caused by the gateway saying it has too
 * much: HTTP 429, or its 999401 SERVICE_TIME_OUT. Its `Retry-After` when it gave one, else
 * the back-off the client just took. `undefined` for any other retry (a network blip is
 * this worker's trouble, not the gateway's load).
 */
export function holdOffMs(event: RetryEvent): number | undefined {
  const { error } = event;
  const tooMany =
    (error instanceof TransportError && error.failure === 'http' && error.status === 429) ||
    (error instanceof GatewayError && error.apiCode === GATEWAY_CODES.SERVICE_TIME_OUT);
  if (!tooMany) return undefined;
  const asked = error.retryAfterMs ?? event.delayMs;
  return Math.min(Math.max(asked, MIN_HOLD_MS), MAX_HOLD_MS);
}
