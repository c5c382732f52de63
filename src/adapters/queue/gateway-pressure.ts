import { GatewayError } from '../../services/errors/gateway-error.js';
import { TransportError } from '../../services/errors/transport-error.js';
import { parseRetryAfter, retryAfterHeader } from '../../services/retry-after.js';
import type { RetryEvent } from '../../services/types.js';
import { GATEWAY_CODES } from '../../services/wire/vocabulary.js';

/** The longest every worker holds off at one "too many" (a wrong `Retry-After` must not stop the queue). */
const MAX_HOLD_MS = 60_000;
const MIN_HOLD_MS = 100;

const held = (ms: number) => Math.min(Math.max(ms, MIN_HOLD_MS), MAX_HOLD_MS);

/**
 * How long every worker holds off for an answer the moment it arrives: an HTTP 429 that
 * says how long (`Retry-After`). Held from its arrival, not once this call's own back-off
 * is over (when the client tells its retry). `undefined` for any other answer.
 */
export function arrivalHoldMs(response: Response): number | undefined {
  if (response.status !== 429) return undefined;
  const asked = parseRetryAfter(retryAfterHeader(response.headers));
  return asked === undefined ? undefined : held(asked);
}

/**
 * How long every worker holds off when a retry was caused by the gateway saying it has too
 * much: its 999401 SERVICE_TIME_OUT, or an HTTP 429 that did not say how long (one that did
 * is held as it arrives: `arrivalHoldMs`). Its `Retry-After` when it gave one, else the
 * back-off the client just took. `undefined` for any other retry (a network blip is this
 * worker's trouble, not the gateway's load).
 */
export function holdOffMs(event: RetryEvent): number | undefined {
  const { error } = event;
  const tooMany =
    (error instanceof TransportError &&
      error.failure === 'http' &&
      error.status === 429 &&
      error.retryAfterMs === undefined) ||
    (error instanceof GatewayError && error.apiCode === GATEWAY_CODES.SERVICE_TIME_OUT);
  if (!tooMany) return undefined;
  return held(error.retryAfterMs ?? event.delayMs);
}
