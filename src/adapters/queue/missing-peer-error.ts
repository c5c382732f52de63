import { KycFlowError } from '../../services/errors/kyc-flow-error.js';

/**
 * `kyc-flow/queue` was imported where one of the packages it runs on (`bullmq`, `ioredis`,
 * `undici`, optional peers of kyc-flow) is not installed; the message says what to install.
 */
export class MissingPeerError extends KycFlowError {
  override readonly name = 'MissingPeerError';
  readonly code = 'PEER_MISSING';
  readonly retryable = false;

  constructor(
    /** The package that is missing. */
    readonly peer: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
