import type { MethodName } from '../wire/methods.js';
import { NON_RETRYABLE_CODES, RETRYABLE_CODES } from '../wire/vocabulary.js';
import { KycFlowError } from './kyc-flow-error.js';

/** The gateway answered with a non-200 `apiCode`. */
export class GatewayError extends KycFlowError {
  override readonly name = 'GatewayError';
  readonly code = 'GATEWAY_ERROR';
  readonly retryable: boolean;

  constructor(
    readonly method: MethodName | 'storage.upload',
    readonly apiCode: number,
    readonly apiMsg: string,
  ) {
    super(`${method} failed: ${apiCode} ${apiMsg}`);
    this.retryable = RETRYABLE_CODES.includes(apiCode) && !NON_RETRYABLE_CODES.includes(apiCode);
  }
}
