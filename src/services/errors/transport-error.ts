import type { MethodName } from '../wire/methods.js';
import { KycFlowError } from './kyc-flow-error.js';

export type TransportFailure = 'network' | 'timeout' | 'abort' | 'http';

/** The request did not get a gateway answer: network trouble, a timeout, an abort, or a bare HTTP error. */
export class TransportError extends KycFlowError {
  override readonly name = 'TransportError';
  readonly code = 'TRANSPORT_ERROR';
  readonly retryable: boolean;
  /** How long the server asked us to wait (`Retry-After`), uncapped, when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly method: MethodName | 'storage.upload',
    readonly failure: TransportFailure,
    /** HTTP status, when the failure is `http`. */
    readonly status?: number,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(
      `${method} failed: ${failure}${status === undefined ? '' : ` (HTTP ${status})`}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.retryAfterMs = options?.retryAfterMs;
    this.retryable =
      failure === 'network' ||
      failure === 'timeout' ||
      (failure === 'http' && (status === 429 || (status ?? 0) >= 500));
  }
}
