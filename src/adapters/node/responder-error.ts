import { KycFlowError } from '../../services/errors/kyc-flow-error.js';

/** A responder has no answer for a waiting node (the profile lacks what the node asks for). */
export class ResponderError extends KycFlowError {
  override readonly name = 'ResponderError';
  readonly code = 'RESPONDER_CANNOT_ANSWER';
  readonly retryable = false;

  constructor(
    readonly nodeType: string,
    /** What is missing or unfit, in the responder's words (a profile field for the profile responder). */
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot answer ${nodeType}: ${field}: ${message}`, options);
  }
}
