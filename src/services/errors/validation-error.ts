import type { MethodName } from '../wire/methods.js';
import { UPLOAD_API } from '../wire/upload-api.js';
import { KycFlowError } from './kyc-flow-error.js';

export interface ValidationIssue {
  /** Dotted path of the field, e.g. `personData.dateOfBirth`. */
  readonly field: string;
  readonly message: string;
}

/**
 * Data that does not have the shape the contract says: the host's input before anything
 * is sent (`direction: 'request'`), or a gateway answer (`direction: 'response'`).
 * Messages name fields, never values, so no personal data leaks through them.
 *
 * Retryable only for an upload's answer (empty, an HTML page, cut short, no url), which ky
 * then sends again: repeating an upload only stores another copy. A gateway call's answer
 * is the chart's: a read's, or one that is no envelope at all, is read again
 * (`CONTRACT_READS`); a call that changes something stops the flow (`answeredBroken`). An
 * upload has no such step, and the file's holder (a responder, a page) would give up.
 */
export class ValidationError extends KycFlowError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_ERROR';
  readonly retryable: boolean;

  constructor(
    readonly method: MethodName | 'storage.upload' | 'envelope',
    readonly direction: 'request' | 'response',
    readonly issues: readonly ValidationIssue[],
    /**
     * The answer was no envelope at all (empty, an HTML page, cut short), so nothing says the
     * gateway took the call; otherwise it did (apiCode 200), and answered in another shape.
     */
    readonly unreadable = false,
  ) {
    super(
      `${method} ${direction} is invalid: ${issues
        .map((issue) => `${issue.field || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
    this.retryable = direction === 'response' && method === UPLOAD_API;
  }

  /** The first field named, for callers that show one message. */
  get field(): string {
    return this.issues[0]?.field ?? '';
  }
}
