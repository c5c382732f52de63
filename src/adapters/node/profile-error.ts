import { KycFlowError } from '../../services/errors/kyc-flow-error.js';

export interface ProfileIssue {
  /** Dotted path of the field in the profile, e.g. `person.dateOfBirth`; `(file)` for the profile itself. */
  readonly field: string;
  readonly message: string;
}

/**
 * A customer profile that cannot be used: unreadable, not JSON, a missing or malformed
 * field, a file it points at that cannot be read. Raised before anything is sent.
 * Messages name fields, never values, so no personal data leaks through them.
 */
export class ProfileError extends KycFlowError {
  override readonly name = 'ProfileError';
  readonly code = 'PROFILE_INVALID';
  readonly retryable = false;

  constructor(
    readonly source: string,
    readonly issues: readonly ProfileIssue[],
  ) {
    super(
      `profile ${source} is invalid: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`,
    );
  }

  /** The first field named, for callers that show one message. */
  get field(): string {
    return this.issues[0]?.field ?? '';
  }
}
