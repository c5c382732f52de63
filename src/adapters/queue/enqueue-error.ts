import { KycFlowError } from '../../services/errors/kyc-flow-error.js';

/**
 * A customer `enqueue` cannot make a flow of (no one to register, an id past `ID_LIMITS`, a
 * field that is no text), refused before anything is added: run, its job could only fail,
 * and an id too long for the gateway would be registered there first.
 */
export class EnqueueError extends KycFlowError {
  override readonly name = 'EnqueueError';
  readonly code = 'CUSTOMER_INVALID';
  readonly retryable = false;

  constructor(
    /** The field at fault, as `customer.customerId`. */
    readonly field: string,
    message: string,
  ) {
    super(`enqueue: ${field}: ${message}`);
  }
}
