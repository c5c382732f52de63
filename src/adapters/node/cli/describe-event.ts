import { ANSWER_NOT_TAKEN } from '../resend-watch.js';
import type { HeadlessEvent } from '../run-events.js';
import { FINAL_STATES } from '../state-value.js';
import { UNKNOWN_STATUS } from '../unknown-status.js';
import {
  credentialsRefused,
  executionNotFound,
  type RunResult,
  refusedBeforeStart,
} from './run-result.js';

/**
 * The line that names the execution a run follows, once the gateway has started it (or the
 * saved flow names it): what to ask the vendor about, or look up, while the run waits on it.
 */
export const followingExecution = (executionId: string): string =>
  `following execution ${executionId}`;

/**
 * A run's event in a few words, for people; `undefined` for events not worth a line.
 * Says what happened, never with whose data (no names, codes, numbers or addresses).
 */
export function describeEvent(event: HeadlessEvent): string | undefined {
  switch (event.type) {
    case 'started':
      return 'starting a new onboarding';
    case 'resumed':
      return FINAL_STATES.has(event.state)
        ? `the saved onboarding already ended (${event.state}): telling its outcome, sending nothing`
        : `resuming the saved onboarding at ${event.state}`;
    case 'state':
      return undefined;
    case 'answering':
      return `answering ${event.kind} (${event.nodeType})`;
    case 'sent':
      return `  sent ${event.event}`;
    case 'saved':
      return undefined;
    case 'done':
      return undefined;
    case 'flow':
      return describeFlowEvent(event.event);
  }
}

function describeFlowEvent(
  event: Extract<HeadlessEvent, { type: 'flow' }>['event'],
): string | undefined {
  switch (event.type) {
    case 'nodeWaiting':
      return `node waiting: ${event.node.nodeType}`;
    case 'ocrResult':
      return '  OCR read the document';
    case 'ocrFailed':
      return `  OCR could not read the document${event.reason ? ` (${event.reason})` : ''}`;
    case 'otpSent':
      return `  one-time code sent by ${event.channel}`;
    case 'otpRejected':
      return `  one-time code rejected${event.remainingAttempts === undefined ? '' : ` (${event.remainingAttempts} attempts left)`}`;
    case 'otpVerified':
      return `  ${event.channel} ${event.unconfirmed ? 'code taken, not confirmed (the status read decides)' : 'verified'}`;
    case 'documentAdded':
      return `  added ${event.docType}${event.missing.length > 0 ? ` (still missing: ${event.missing.join(', ')})` : ''}`;
    case 'pendingReview':
      return `pending review at ${event.node.nodeType}`;
    case 'unknownNode':
      return `node waiting of a type this client does not know: ${event.node.nodeType}`;
    case 'unknownStatus':
      return `the execution is ${event.status}, a status the guide does not list: polling it like RUNNING`;

    case 'suspended':
      return `suspended${event.error ? `: ${event.error.code} ${event.error.message}` : ''}; ${
        event.notBefore === undefined
          ? 'retrying by itself'
          : `the gateway asked for no call before ${new Date(event.notBefore).toISOString()}: retrying by itself then`
      }`;
    case 'error':
      return `  error ${event.error.code}${event.error.apiCode === undefined ? '' : ` (${event.error.apiCode})`}: ${event.error.message}`;
    case 'eventIgnored':
      return `  ${event.eventType} ignored in ${event.state}${event.reason ? ` (${event.reason})` : ''}`;
    // The run ends on these: its last line says how.
    case 'needsAttention':
    case 'outcome':
      return undefined;
    default:
      // Every emitted type has its line (or none, said above): a new one fails to compile here.
      return event satisfies never;
  }
}

/** The last line of a run: its outcome in capitals, as scripts and people look for it. */
export function describeResult(result: RunResult): string {
  const execution = result.executionId ? ` (execution ${result.executionId})` : '';
  const error =
    'error' in result && result.error ? `: ${result.error.code} ${result.error.message}` : '';
  switch (result.status) {
    case 'completed':
      return result.decision === 'UNKNOWN'
        ? `COMPLETED, DECISION UNKNOWN${execution}`
        : `${result.decision}${execution}`;
    case 'failed':
      return `${credentialsRefused(result.error) ? 'CREDENTIALS REFUSED' : 'FAILED'}${execution}${error}`;
    case 'timedOut':
      return `TIMED OUT${execution}`;
    case 'cancelled':
      return `CANCELLED${execution}`;
    case 'pendingReview':
      return `PENDING REVIEW${execution}`;
    case 'suspended':
      return `SUSPENDED${execution}${error}`;
    case 'needsAttention':
      return `${
        credentialsRefused(result.error)
          ? 'CREDENTIALS REFUSED'
          : refusedBeforeStart(result.error, result.executionId)
            ? 'REFUSED BEFORE IT BEGAN'
            : executionNotFound(result.error)
              ? 'EXECUTION NOT FOUND'
              : result.error?.code === ANSWER_NOT_TAKEN
                ? 'ANSWER NOT TAKEN'
                : result.error?.code === UNKNOWN_STATUS
                  ? 'UNKNOWN STATUS'
                  : 'CONTRACT BROKEN'
      }${execution}${error}`;
    case 'unknownNode':
      return `UNKNOWN NODE ${result.node?.nodeType ?? '(not named)'}${execution}`;
  }
}
