import { redactText } from '../../machine/index.js';
import type { OutcomeName } from './outcome.js';
import { UnrecoverableError } from './peers.js';

/**
 * Why a flow's job failed, for good: BullMQ does not try it again by itself (it is an
 * `UnrecoverableError`), the job's `failedReason` reads `CODE: message` (personal data
 * redacted), and the flow stays saved, so that retrying the job once the cause is fixed
 * (bull-board's retry, `job.retry()`) resumes it where it stopped.
 */
export class KycJobError extends UnrecoverableError {
  override readonly name = 'KycJobError';

  constructor(
    /** The cause's code: `CONTRACT_BROKEN`, `CREDENTIALS_REFUSED`, `RESPONDER_CANNOT_ANSWER`, `JOB_DATA_INVALID`… */
    readonly code: string,
    /** How the flow counts in the queue's outcomes. */
    readonly outcome: OutcomeName,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${code}: ${redactText(message)}`);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
