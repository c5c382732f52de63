import { isRetryableStatus } from '../retryable.js';
import type { MethodName } from '../wire/methods.js';
import type { UploadApi } from '../wire/upload-api.js';
import { KycFlowError } from './kyc-flow-error.js';

/**
 * `redirect`: the answer pointed elsewhere and was refused (a signed call is never replayed
 * where a `Location` points); `status` is the 3xx, or 0 where a browser hides it.
 */
export type TransportFailure = 'network' | 'timeout' | 'abort' | 'http' | 'redirect';

/** The request did not get a gateway answer: network trouble, a timeout, an abort, a redirect, or a bare HTTP error. */
export class TransportError extends KycFlowError {
  override readonly name = 'TransportError';
  readonly code = 'TRANSPORT_ERROR';
  readonly retryable: boolean;
  /** How long the server asked us to wait (`Retry-After`), uncapped, when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly method: MethodName | UploadApi,
    readonly failure: TransportFailure,
    /** HTTP status, when the failure is `http` or `redirect`. */
    readonly status?: number,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(
      // A status a browser hides (0, a redirect's) says nothing: left out.
      `${method} failed: ${failure}${status ? ` (HTTP ${status})` : ''}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.retryAfterMs = options?.retryAfterMs;
    this.retryable =
      failure === 'network' ||
      failure === 'timeout' ||
      (failure === 'http' && isRetryableStatus(status));
  }
}
