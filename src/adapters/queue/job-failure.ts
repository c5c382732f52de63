import { KycFlowError } from '../../services/errors/kyc-flow-error.js';
import { KycJobError } from './kyc-job-error.js';

/**
 * What a flow's job fails with when its run threw: an error that says it may pass
 * (`retryable`: Redis or a snapshot write away for a moment) as it is, for BullMQ's
 * attempts and back-off; anything else as a `KycJobError` with the cause's code, for good.
 */
export function jobFailure(error: unknown): Error {
  if (error instanceof KycJobError) return error;
  if (error instanceof Error && 'retryable' in error && error.retryable === true) return error;
  if (error instanceof KycFlowError) {
    return new KycJobError(error.code, 'internal', error.message, { cause: error });
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new KycJobError('INTERNAL', 'internal', text, { cause: error });
}
