import type { MethodName } from '../wire/methods.js';
import { RETRYABLE_CODES } from '../wire/vocabulary.js';
import { KycFlowError } from './kyc-flow-error.js';

/** The gateway answered with a non-200 `apiCode`. */
export class GatewayError extends KycFlowError {
  override readonly name = 'GatewayError';
  readonly code = 'GATEWAY_ERROR';
  readonly retryable: boolean;
  /** How long the server asked us to wait (`Retry-After`), uncapped, when it said so. */
  readonly retryAfterMs: number | undefined;
  /**
   * Attempts of the same call before the one refused, set by the transport (none: 0). Each got no
   * answer that settled it, and may have been taken: this refusal may then be of its repeat
   * (a node no longer waiting, under a code the client does not know).
   */
  declare retryCount?: number;

  constructor(
    readonly method: MethodName | 'storage.upload',
    readonly apiCode: number,
    readonly apiMsg: string,
    options?: { retryAfterMs?: number },
  ) {
    super(`${method} failed: ${apiCode} ${apiMsg}`);
    this.retryAfterMs = options?.retryAfterMs;
    // The documented non-retryable codes (`NON_RETRYABLE_CODES`) are none of these.
    this.retryable = RETRYABLE_CODES.includes(apiCode);
  }
}
