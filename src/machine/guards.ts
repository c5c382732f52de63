import { ValidationError } from '../services/errors/validation-error.js';
import type { ExecutionState } from '../services/wire/records.js';
import type { OtpChannel } from '../services/wire/vocabulary.js';
import type { AddDocumentOutput } from './actors/add-document.js';
import type { PollOcrOutput } from './actors/poll-ocr.js';
import type { SubmitFormsOutput } from './actors/submit-forms.js';
import type { VerifyOtpOutput } from './actors/verify-otp.js';
import { codePrint } from './code-print.js';
import { type FlowContext, missingDocuments, missingForms, nodeName } from './context.js';
import { ANSWER_WAIT_MS, DEFAULT_MAX_UNKNOWN_STATUS_MS, unlistedSince } from './deadlines.js';
import { errorOf, outputOf } from './event-data.js';
import { dispositionOf, type ErrorDisposition } from './flow-error.js';
import { type AnswerableKind, isUnknownStatus, type Route, routeOf } from './routing.js';
import { otpIdentity, withAdded, withForms } from './slices.js';
import type { HostEvent } from './types.js';

interface GuardArgs {
  readonly context: FlowContext;
  readonly event: HostEvent;
}

/**
 * Answers in a row that may break the contract before the flow stops in `needsAttention`:
 * one garbled answer may be a glitch; the same break read after read is not.
 */
export const CONTRACT_READS = 3;

/**
 * Answers in a row one node may take, each under a new callbackKey, before the flow stops in
 * `needsAttention`: a vendor may ask for a node again (a re-do), but not without end. One
 * more than a headless run gives a node type (`DEFAULT_MAX_ANSWERS_PER_NODE`), whose own
 * stop names the run's answers.
 */
export const ANSWERS_IN_A_ROW = 9;

/** The calls that only read: their answers change as the execution moves on. */
const READS: readonly string[] = ['workflow.execution.status', 'workflow.kyc.ocr.data'];

/** The flow's `slice` of the node a status answer routes to, if it routes to `route`. */
const sliceAt = <T extends { readonly callbackKey: string }>(
  slice: T | undefined,
  event: object,
  route: Route,
): T | undefined => {
  const execution = outputOf<ExecutionState>(event);
  return routeOf(execution) === route && slice?.callbackKey === execution.currentNode?.callbackKey
    ? slice
    : undefined;
};

/** The callbackKey the node of a status answer waits under ('' for none). */
const keyOf = (event: object): string =>
  outputOf<ExecutionState>(event).currentNode?.callbackKey ?? '';

/**
 * Every guard of the chart. They read the actor's answer from the event and take static
 * params, so that the diagram and the inspector show what each one checks (`routeIs
 * completed`).
 */
export const flowGuards = {
  // A status answer: where it routes, and where a suspended step was.
  routeIs: ({ event }: GuardArgs, params: { route: Route }) =>
    routeOf(outputOf<ExecutionState>(event)) === params.route,
  /** …and a node the flow has not seen waiting yet: the host is told once (`announceWaiting`). */
  nodeNews: ({ context, event }: GuardArgs, params: { route: Route }) =>
    routeOf(outputOf<ExecutionState>(event)) === params.route &&
    keyOf(event) !== (context.status === 'WAITING' ? context.node?.callbackKey : undefined),
  /** A status the guide does not list, not told yet (`tellUnknownStatus`). */
  unknownStatusNews: ({ context, event }: GuardArgs) => {
    const { status } = outputOf<ExecutionState>(event);
    return isUnknownStatus(status) && !context.unknownStatuses?.includes(status);
  },
  /** A status the guide does not list (or WAITING with no node), for `maxUnknownStatusMs`. */
  unknownStatusTooLong: ({ context, event }: GuardArgs) =>
    Date.now() -
      (unlistedSince(context, outputOf<ExecutionState>(event)) ?? Number.POSITIVE_INFINITY) >=
    (context.maxUnknownStatusMs ?? DEFAULT_MAX_UNKNOWN_STATUS_MS),
  /** Our own OCR for the waiting node is at this stage (resume after a suspension). */
  ocrStageFor: ({ context, event }: GuardArgs, params: { status: 'extracting' | 'failed' }) =>
    sliceAt(context.ocr, event, 'identityDocument')?.status === params.status,
  /** A code was sent for the waiting node (resume into `codeSent`). */
  otpSentFor: ({ context, event }: GuardArgs, params: { route: 'emailOtp' | 'phoneOtp' }) =>
    sliceAt(context.otp, event, params.route)?.requestId !== undefined,
  /** Documents the host added for the waiting node still wait to be sent. */
  documentsPendingFor: ({ context, event }: GuardArgs) =>
    (sliceAt(context.documents, event, 'requiredDocuments')?.pending.length as number) > 0,
  /**
   * Leaving `suspended` at the node whose answer it interrupted, or at one that took its
   * answer and never moved on (past `answered`): send that again.
   */
  resubmitFor: ({ context, event }: GuardArgs, params: { route: AnswerableKind }) =>
    sliceAt(context.submission, event, params.route) !== undefined,

  /**
   * The node waits under the key of an answer the gateway took (apiCode 200): an
   * asynchronous engine that has it and has not moved on yet, not a node to answer again,
   * for `ANSWER_WAIT_MS`. Then the answer goes once more (`resubmitFor`).
   */
  answered: ({ context, event }: GuardArgs) =>
    context.answered.includes(keyOf(event)) &&
    Date.now() < (context.timing.lastSubmitAt ?? 0) + ANSWER_WAIT_MS / context.polling.timeScale,
  /**
   * Past `answered`'s wait, with no answer left to send (`resubmitFor` sent it once more):
   * the gateway takes the answer and does not act on it.
   */
  answerIgnored: ({ context, event }: GuardArgs) => {
    const key = keyOf(event);
    return context.answered.includes(key) && context.submission?.callbackKey !== key;
  },

  /**
   * The node the gateway took `ANSWERS_IN_A_ROW` answers in a row for waits for one again
   * (under a new callbackKey): a gateway that takes answers and never acts on them. Checked
   * after the routes of nodes nobody here answers, so a waiting node is one the host does.
   */
  answersSpent: ({ context: { timing }, event }: GuardArgs) => {
    const execution = outputOf<ExecutionState>(event);
    return (
      execution.status === 'WAITING' &&
      // None counted (a snapshot of an earlier version) compares false.
      (timing.answers as number) >= ANSWERS_IN_A_ROW &&
      nodeName(execution.currentNode) === timing.answersTo
    );
  },

  // A failed call: what kind of trouble, and whether the flow should stop reading.
  errorIs: ({ event }: GuardArgs, params: { is: ErrorDisposition }) =>
    dispositionOf(errorOf(event)) === params.is,
  /**
   * A call for the node refused (checked after every other route of its error) while the
   * trouble before it is still shown (an answer held through a suspension, a code typed
   * again after one): an earlier send, its answer lost, may have been taken, and this
   * refusal be the gateway's "no longer waiting" for its repeat under a code the client
   * does not know, as for a retry's refusal (`retryCount`). The status read says; the
   * trouble is cleared on the way (`expectNode`), so a refusal of a send after that read
   * goes back to the host.
   */
  resent: ({ context }: GuardArgs) => !!context.error?.retryable,
  /** This answer breaks the contract, and so did the ones before it: stop reading. */
  contractGivesUp: ({ context, event }: GuardArgs) =>
    dispositionOf(errorOf(event)) === 'contractBroken' &&
    (context.timing.contractBreaks ?? 0) + 1 >= CONTRACT_READS,
  /**
   * A call that changes something (start, a submission) was taken (apiCode 200) and answered
   * in a shape that breaks the contract. Sent again, it gets the same answer (a repeat is
   * answered the same), or, for a start, perhaps begins a second execution: stop at once.
   * A read's answer moves with the execution: it is read again (`contractGivesUp`).
   */
  answeredBroken: ({ event }: GuardArgs) => {
    const error = errorOf(event);
    return (
      error instanceof ValidationError &&
      error.direction === 'response' &&
      !error.unreadable &&
      !READS.includes(error.method)
    );
  },
  resumeTo: ({ context }: GuardArgs, params: { to: FlowContext['resumeTo'] }) =>
    context.resumeTo === params.to,
  /** The gateway named a time for the call that suspended the flow, and it has not come. */
  gatewayWaits: ({ context }: GuardArgs) => (context.timing.notBefore ?? 0) > Date.now(),

  // The nodes' own steps: OCR, OTP, documents, forms.
  ocrIs: ({ event }: GuardArgs, params: { status: PollOcrOutput['status'] }) =>
    outputOf<PollOcrOutput>(event).status === params.status,
  hasOtpIdentity: ({ context, event }: GuardArgs, params: { channel: OtpChannel }) =>
    otpIdentity(context, params.channel, (event as { identity?: string }).identity) !== undefined,
  otpRequested: ({ context }: GuardArgs) => context.otp?.requestId !== undefined,
  /** VERIFY_OTP carries a code the gateway already refused for the code sent last. */
  codeRefused: ({ context: { otp }, event }: GuardArgs) =>
    otp?.refused?.includes(codePrint(otp.requestId ?? '', (event as { code: string }).code)) ===
    true,
  resendAvailable: ({ context }: GuardArgs) => (context.otp?.resendAvailableAt ?? 0) <= Date.now(),
  verified: ({ event }: GuardArgs) => outputOf<VerifyOtpOutput>(event).verified,
  // None left, or fewer (a gateway's -1); an unknown count compares false (`undefined <= 0`).
  outOfAttempts: ({ event }: GuardArgs) =>
    (outputOf<VerifyOtpOutput>(event).remainingAttempts as number) <= 0,
  nothingMissing: ({ context }: GuardArgs) => missingDocuments(context).length === 0,
  morePending: ({ context }: GuardArgs) => (context.documents?.pending.length ?? 0) > 1,
  /** SUBMIT_DOCUMENTS came during the upload, and with this one everything required is in. */
  submitWhenAdded: ({ context, event }: GuardArgs) =>
    context.documents?.submitRequested === true &&
    missingDocuments(withAdded(context, outputOf<AddDocumentOutput>(event).docType)).length === 0,
  submitRequested: ({ context }: GuardArgs) => context.documents?.submitRequested === true,
  formsComplete: ({ context, event }: GuardArgs) =>
    missingForms(withForms(context, outputOf<SubmitFormsOutput>(event).submitted)).length === 0,
};
