import { ANSWER_TOO_LONG } from '../../../services/answer-text.js';
import { WEB_PAGE } from '../../../services/page-answer.js';
import { UPLOAD_API } from '../../../services/wire/upload-api.js';
import { ANSWER_NOT_TAKEN } from '../resend-watch.js';
import { UNKNOWN_STATUS } from '../unknown-status.js';
import {
  credentialsRefused,
  executionNotFound,
  type RunResult,
  refusedBeforeStart,
} from './run-result.js';

export interface HintContext {
  /** Why the gateway could not be reached, naming its host. */
  readonly unreachable: string;
  readonly stateFile?: string;
  /** Without a state file: what a run again would do, nothing being kept (`nothingKept`). */
  readonly unkept?: string;
  /** Plain output (not --json): the pending review hint too. */
  readonly plain: boolean;
}

/** What the person or script behind the run should do about its result, if anything. */
export function attentionHint(result: RunResult, context: HintContext): string | undefined {
  const { stateFile } = context;
  const resume = stateFile
    ? `the flow is saved in ${stateFile}: run again with the same --state-file to carry on`
    : (context.unkept ?? 'run with --state-file to be able to carry on later');
  const refused =
    (result.status === 'failed' || result.status === 'needsAttention') &&
    credentialsRefused(result.error);
  if (refused) {
    const code = result.error?.apiCode === undefined ? '' : ` (${result.error.apiCode})`;
    return `the gateway refused the credentials${code}: check the API key, the API secret and the domain id`;
  }
  switch (result.status) {
    case 'suspended': {
      // A run before the time the gateway named waits it out, sending nothing.
      const waits =
        result.notBefore === undefined
          ? ''
          : ` and asked for no call before ${new Date(result.notBefore).toISOString()} (Retry-After)`;
      const until = waits && ', which sends nothing before then';
      return result.error?.code === 'TRANSPORT_ERROR' || result.error === undefined
        ? `${context.unreachable}${waits}; ${resume}${until}`
        : `the gateway kept failing (${result.error.code}${result.error.apiCode === undefined ? '' : ` ${result.error.apiCode}`})${waits}; ${resume}${until}`;
    }
    case 'needsAttention':
      if (refusedBeforeStart(result.error, result.executionId)) {
        return `the gateway refused the onboarding before it began (${result.error.message}): no execution was started and nothing was decided; check the customer's details, or whether the vendor already has one in progress; ${resume} once it is settled`;
      }
      if (executionNotFound(result.error)) {
        return `the gateway says it does not know execution ${result.executionId ?? '(none)'} (${result.error.message}): nothing was decided, this is no FAILED; check that the gateway URL and domain id are the ones the execution began on, or ask the vendor about it; ${resume} once it is found`;
      }
      if (result.error.code === ANSWER_NOT_TAKEN) {
        return `the gateway did not take the answer: ${result.error.message}; nothing was decided; ${resume} (it sends an answer still to go again, and reads the node afresh) once the gateway takes answers`;
      }
      if (result.error.code === UNKNOWN_STATUS) {
        return `${result.error.message}: nothing was decided that this client can read; ask the vendor what it means (a final status in another spelling, a status of its own, a node it does not name); ${resume} once the gateway shows what the guide describes`;
      }
      if (result.error.code !== 'CONTRACT_BROKEN') {
        return `the gateway refuses a call this client makes as the guide shows it (${result.error.message}); ${resume} once they agree`;
      }
      if (result.error.message.includes(WEB_PAGE)) {
        // A login page, a proxy's page: the URL is the wrong one, not the gateway broken.
        const which = result.error.method === UPLOAD_API ? 'storage' : 'gateway';
        return `the ${which} URL answers a web page (text/html), not the ${which}'s JSON: check the ${which} URL (--${which} or KYC_${which.toUpperCase()}_URL); a login page or a proxy's page answers there (${result.error.message}); ${resume} once it is fixed`;
      }
      // Carrying on sends the start again, which the guide does not call safe to repeat.
      return result.error.method === 'workflow.apply.submit'
        ? `the gateway took the start but its answer breaks the contract (${result.error.message}): it may have begun an execution, which the vendor can find by your referenceId; carrying on sends the start again; ${resume} once it is fixed`
        : `a gateway response breaks the contract (${result.error.message}); ${resume} once it is fixed${
            result.error.message.includes(ANSWER_TOO_LONG)
              ? ', or with a higher --max-answer-bytes if its answers are that long by design'
              : ''
          }`;
    case 'unknownNode':
      return `the execution waits on node type ${result.node?.nodeType ?? '(not named)'}, which this client cannot answer; ${resume} once it has moved on`;
    case 'completed':
      return result.decision === 'UNKNOWN'
        ? 'the execution COMPLETED without a decision this client knows (none, or another word): the raw result, if any, is in the last event of --json'
        : undefined;
    case 'pendingReview':
      if (!context.plain) return undefined;
      return stateFile
        ? `the flow is saved in ${stateFile}: run again with the same --state-file to pick up the decision`
        : `${context.unkept ?? 'run with --state-file to resume it later'} (or --decide on the embedded sandbox)`;
    default:
      return undefined;
  }
}

/** Where a run without a state file stopped: enough to say what a run again would do. */
export interface UnkeptFlow {
  /** On the embedded sandbox, which forgets its executions as it closes. */
  readonly embedded: boolean;
  /** The profile names the flow's referenceId (else each run draws one). */
  readonly ownReferenceId: boolean;
  readonly executionId?: string;
}

/**
 * What a stop without `--state-file` leaves: nothing here, so a run again is a new flow;
 * against a gateway, its start begins a second execution unless the referenceId is the same.
 */
export function nothingKept({ embedded, ownReferenceId, executionId }: UnkeptFlow): string {
  const carry = 'run with --state-file to be able to carry a flow on';
  if (embedded) {
    return `nothing of this flow was kept (no --state-file, and the embedded sandbox forgets it as it closes): a run again onboards the customer afresh; ${carry}`;
  }
  if (executionId === undefined) {
    return `nothing of this flow was kept (no --state-file) and no execution began: a run again registers and starts afresh; ${carry}`;
  }
  return ownReferenceId
    ? `nothing of this flow was kept (no --state-file): a run again sends the start again with the profile's referenceId, which kyc-flow assumes the gateway answers with execution ${executionId} (as the sandbox does), and reads it from there; ${carry}`
    : `nothing of this flow was kept (no --state-file): a run again draws a new referenceId, and its start begins a second execution for this customer, leaving execution ${executionId} where it stands; give the profile a referenceId, or ${carry}`;
}
