import { GATEWAY_CODES, WORKFLOW_CODES } from '../../../services/wire/vocabulary.js';
import type { HeadlessResult } from '../run-events.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** Every way a run can end, as the CLI reads it. */
export type RunResult = HeadlessResult;

const REFUSED_CODES: readonly number[] = [
  GATEWAY_CODES.SIGN_ERROR,
  GATEWAY_CODES.API_NON_AUTHORIZED,
];

/**
 * Whether the gateway refused our credentials (999001 sign, 999303 not authorised, HTTP
 * 401/403 for a bad apiKey) rather than the customer: that needs the integrator, not a
 * business decision, and must not exit like a customer's FAILED.
 */
export function credentialsRefused(error: ErrorSummary | undefined): boolean {
  if (!error) return false;
  if (error.code === 'CREDENTIALS_REFUSED') return true;
  if (error.apiCode !== undefined && REFUSED_CODES.includes(error.apiCode)) return true;
  return error.code === 'TRANSPORT_ERROR' && /\(HTTP 40[13]\)/.test(error.message);
}

/**
 * Whether the gateway refused the registration or the start itself (the flow stopped with
 * no execution, and not on an answer it could not read): nothing began, nothing was decided.
 */
export const refusedBeforeStart = (
  error: ErrorSummary | undefined,
  executionId: string | undefined,
): boolean => executionId === undefined && error !== undefined && error.code !== 'CONTRACT_BROKEN';

/**
 * Whether the gateway said it does not know the execution: the flow waits for the host
 * (another gateway URL or domain than the one it began on, or the vendor's records), since
 * "not found" is no verdict on the customer.
 */
export const executionNotFound = (error: ErrorSummary | undefined): boolean =>
  error?.apiCode === WORKFLOW_CODES.EXECUTION_NOT_FOUND;

/** What every error of a result says (a `FlowError` says more). */
interface ErrorSummary {
  readonly code: string;
  readonly message: string;
  readonly apiCode?: number;
}

/** A final outcome: the chart is over, and a state file would only say so again. */
export const isFinal = (result: RunResult): boolean =>
  ['completed', 'failed', 'timedOut', 'cancelled'].includes(result.status);

export function exitCodeOf(result: RunResult): ExitCode {
  switch (result.status) {
    case 'completed':
      if (result.decision === 'APPROVED') return EXIT_CODES.approved;
      return result.decision === 'REJECTED' ? EXIT_CODES.rejected : EXIT_CODES.decisionUnknown;
    case 'failed':
      return credentialsRefused(result.error) ? EXIT_CODES.credentialsRefused : EXIT_CODES.failed;
    case 'timedOut':
      return EXIT_CODES.timedOut;
    case 'cancelled':
      return EXIT_CODES.cancelled;
    case 'pendingReview':
      return EXIT_CODES.pendingReview;
    case 'suspended':
      return EXIT_CODES.suspended;
    case 'needsAttention':
      // Else the gateway and this client disagree: an answer it cannot read, or a status
      // read the gateway refuses (as invalid, or naming an execution it does not know).
      return credentialsRefused(result.error)
        ? EXIT_CODES.credentialsRefused
        : refusedBeforeStart(result.error, result.executionId)
          ? EXIT_CODES.refused
          : EXIT_CODES.contractBroken;
    case 'unknownNode':
      return EXIT_CODES.unknownNode;
  }
}
