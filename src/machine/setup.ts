import { assertEvent, assign, emit, enqueueActions, setup } from 'xstate';
import { GatewayError } from '../services/errors/gateway-error.js';
import { readDecision } from '../services/wire/fallbacks.js';
import type { CurrentNode, ExecutionState } from '../services/wire/records.js';
import type { DocumentType, OtpChannel } from '../services/wire/vocabulary.js';
import type { AddDocumentOutput } from './actors/add-document.js';
import { createFlowActors, detachedClient } from './actors/index.js';
import type { PollOcrOutput } from './actors/poll-ocr.js';
import type { RegisterCustomerOutput } from './actors/register-customer.js';
import type { SendOtpOutput } from './actors/send-otp.js';
import type { StartWorkflowOutput } from './actors/start-workflow.js';
import type { SubmitFormsOutput } from './actors/submit-forms.js';
import type { VerifyOtpOutput } from './actors/verify-otp.js';
import {
  type FlowContext,
  type FlowInput,
  type HeldEvent,
  missingDocuments,
  missingForms,
} from './context.js';
import {
  dispositionOf,
  type ErrorDisposition,
  FLOW_CODES,
  retryAfterOf,
  toFlowError,
} from './flow-error.js';
import { type AnswerableKind, isUnknownStatus, type Route, routeOf } from './routing.js';
import type { FlowEmitted, FlowError, FlowOutcome, FlowStep, HostEvent } from './types.js';

const now = () => Date.now();

// Guards are typed with the host events; the actor events they run on carry these fields.
const outputOf = <T>(event: object): T => (event as { output?: unknown }).output as T;
const errorOf = (event: object): unknown => (event as { error?: unknown }).error;

/** The step a waiting node puts the flow in. */
const stepOfRoute = (route: Route): FlowStep =>
  route === 'running' ? 'polling' : (route as FlowStep);

const outcomeError = (execution?: ExecutionState, error?: FlowError) => {
  const raw = execution?.error ?? undefined;
  if (raw && (raw.code !== undefined || raw.message !== undefined)) {
    return { code: String(raw.code ?? 'EXECUTION_ERROR'), message: raw.message ?? '' };
  }
  if (!error) return undefined;
  return {
    code: error.code,
    message: error.message,
    ...(error.apiCode === undefined ? {} : { apiCode: error.apiCode }),
  };
};

/** Host events, actors, guards and actions the chart is built from; actors by name only. */
export const flowSetup = setup({
  types: {} as {
    context: FlowContext;
    events: HostEvent;
    input: FlowInput;
    output: FlowOutcome;
    emitted: FlowEmitted;
  },
  // Placeholders with the real types, so that `provide({ actors: createFlowActors(client) })`
  // type-checks; they fail loudly if no client was provided.
  actors: createFlowActors(detachedClient),
  // Guards read the actor's answer from the event and take static params, so that the
  // diagram and the inspector show what each one checks (`routeIs completed`).
  guards: {
    routeIs: ({ event }, params: { route: Route }) =>
      routeOf(outputOf<ExecutionState>(event)) === params.route,
    errorIs: ({ event }, params: { is: ErrorDisposition }) =>
      dispositionOf(errorOf(event)) === params.is,
    /** This answer breaks the contract, and so did the ones before it: stop reading. */
    contractGivesUp: ({ context, event }) =>
      dispositionOf(errorOf(event)) === 'contractBroken' &&
      (context.timing.contractBreaks ?? 0) + 1 >= CONTRACT_READS,
    resumeTo: ({ context }, params: { to: FlowContext['resumeTo'] }) =>
      context.resumeTo === params.to,
    ocrIs: ({ event }, params: { status: PollOcrOutput['status'] }) =>
      outputOf<PollOcrOutput>(event).status === params.status,
    /** Our own OCR for the waiting node is at this stage (resume after a suspension). */
    ocrStageFor: ({ context, event }, params: { status: 'extracting' | 'failed' }) => {
      const execution = outputOf<ExecutionState>(event);
      return (
        routeOf(execution) === 'identityDocument' &&
        context.ocr?.callbackKey === execution.currentNode?.callbackKey &&
        context.ocr?.status === params.status
      );
    },
    /** A code was sent for the waiting node (resume into `codeSent`). */
    otpSentFor: ({ context, event }, params: { route: 'emailOtp' | 'phoneOtp' }) => {
      const execution = outputOf<ExecutionState>(event);
      return (
        routeOf(execution) === params.route &&
        context.otp?.callbackKey === execution.currentNode?.callbackKey &&
        context.otp?.requestId !== undefined
      );
    },
    /** Documents the host added for the waiting node still wait to be sent. */
    documentsPendingFor: ({ context, event }) => {
      const execution = outputOf<ExecutionState>(event);
      return (
        routeOf(execution) === 'requiredDocuments' &&
        context.documents?.callbackKey === execution.currentNode?.callbackKey &&
        (context.documents?.pending.length ?? 0) > 0
      );
    },
    /** Leaving `suspended` at the node whose answer it interrupted: send that again. */
    resubmitFor: ({ context, event }, params: { route: AnswerableKind }) => {
      const execution = outputOf<ExecutionState>(event);
      const key = execution.currentNode?.callbackKey;
      return (
        routeOf(execution) === params.route &&
        key !== undefined &&
        context.submission?.callbackKey === key &&
        !context.answered.includes(key)
      );
    },
    hasOtpIdentity: ({ context, event }, params: { channel: OtpChannel }) =>
      otpIdentity(context, params.channel, (event as { identity?: string }).identity) !== undefined,
    otpRequested: ({ context }) => context.otp?.requestId !== undefined,
    resendAvailable: ({ context }) => (context.otp?.resendAvailableAt ?? 0) <= now(),
    verified: ({ event }) => outputOf<VerifyOtpOutput>(event).verified,
    outOfAttempts: ({ event }) => outputOf<VerifyOtpOutput>(event).remainingAttempts === 0,
    nothingMissing: ({ context }) => missingDocuments(context).length === 0,
    morePending: ({ context }) => (context.documents?.pending.length ?? 0) > 1,
    /** SUBMIT_DOCUMENTS came during the upload, and with this one everything required is in. */
    submitWhenAdded: ({ context, event }) =>
      context.documents?.submitRequested === true &&
      missingDocuments(withAdded(context, outputOf<AddDocumentOutput>(event).docType)).length === 0,
    submitRequested: ({ context }) => context.documents?.submitRequested === true,
    formsComplete: ({ context, event }) =>
      missingForms(withForms(context, outputOf<SubmitFormsOutput>(event).submitted)).length === 0,
  },
  // Actions read the actor's answer (or error) from the event themselves; static params
  // only say what the config decides (the status a route settles with, a refusal's code).
  actions: {
    recordCustomer: assign(({ context, event }) => ({
      customerId: outputOf<RegisterCustomerOutput>(event).customerId,
      resumeTo: 'starting' as const,
      timing: { ...context.timing, contractBreaks: 0 },
    })),
    recordStart: assign(({ context, event }) => {
      const { executionId, status } = outputOf<StartWorkflowOutput>(event);
      return {
        executionId,
        status,
        resumeTo: 'tracking' as const,
        timing: {
          ...context.timing,
          lastSubmitAt: now(),
          pollAttempts: 0,
          suspensions: 0,
          contractBreaks: 0,
        },
      };
    }),
    /** A status answer: kept, and a status the guide does not list told once. */
    recordExecution: enqueueActions(({ context, event, enqueue }) => {
      const execution = outputOf<ExecutionState>(event);
      enqueue.assign(recordExecution(context, execution));
      const { status } = execution;
      const told = context.unknownStatuses ?? [];
      if (isUnknownStatus(status) && !told.includes(status)) {
        enqueue.assign({ unknownStatuses: [...told, status] });
        enqueue.emit({ type: 'unknownStatus', status });
      }
    }),
    announceNode: emit(({ event }) => {
      const execution = outputOf<ExecutionState>(event);
      const node = execution.currentNode as CurrentNode;
      return { type: 'nodeWaiting' as const, node, step: stepOfRoute(routeOf(execution)) };
    }),
    /** Told once per node nobody here answers (review, a type unknown), not on every slow poll. */
    announceWaiting: enqueueActions(
      ({ context, event, enqueue }, params: { type: 'pendingReview' | 'unknownNode' }) => {
        const node = outputOf<ExecutionState>(event).currentNode;
        const known = context.status === 'WAITING' ? context.node?.callbackKey : undefined;
        if (node && node.callbackKey !== known) enqueue.emit({ type: params.type, node });
      },
    ),
    /** A final state: the outcome, from the execution or the error that ended the flow. */
    settle: enqueueActions(
      ({ context, event, enqueue }, params: { status: FlowOutcome['status'] }) => {
        const cause = errorOf(event);
        // A status answer when the execution itself ended; nothing on a cancel or an error.
        const execution = outputOf<ExecutionState | undefined>(event);
        // The error that ended the flow; a cancel or a verdict owes nothing to earlier trouble.
        const error =
          cause !== undefined
            ? toFlowError(cause)
            : params.status === 'failed'
              ? context.error
              : undefined;
        const executionId = execution?.executionId ?? context.executionId;
        const result = execution?.result ?? context.result;
        const outcome: FlowOutcome =
          params.status === 'completed'
            ? {
                status: 'completed',
                // Only what the gateway said: no decision, or one we do not know, is UNKNOWN.
                decision: readDecision(result?.decision),
                executionId: executionId ?? '',
                ...(result ? { result } : {}),
              }
            : {
                status: params.status,
                ...(executionId === undefined ? {} : { executionId }),
                ...withError(outcomeError(execution, error)),
              };
        enqueue.assign({ outcome, ...(error === undefined ? {} : { error }) });
        enqueue.emit({ type: 'outcome', outcome });
      },
    ),
    suspend: enqueueActions(
      ({ context, event, enqueue }, params: { resumeTo: FlowContext['resumeTo'] }) => {
        const cause = errorOf(event);
        const error = toFlowError(cause);
        const retryAfterMs = retryAfterOf(cause);
        enqueue.assign({
          error,
          resumeTo: params.resumeTo,
          timing: {
            ...countBreak(context, cause),
            suspendedAt: now(),
            suspensions: context.timing.suspensions + 1,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          },
        });
        enqueue.emit({ type: 'suspended', error });
      },
    ),
    /** A call failed where the flow just looks again later (a watch): a broken answer counts. */
    countContractBreak: assign(({ context, event }) => ({
      timing: countBreak(context, errorOf(event)),
    })),
    /**
     * Nothing the flow can do by itself helps (its credentials refused, answers it cannot
     * read): keep everything, say why, wait for RETRY.
     */
    needAttention: enqueueActions(
      ({ context, enqueue, event }, params: { resumeTo: FlowContext['resumeTo'] }) => {
        const error = toFlowError(errorOf(event));
        enqueue.assign({
          error,
          resumeTo: params.resumeTo,
          // RETRY reads afresh: a gateway still broken gets its few reads again.
          timing: { ...context.timing, contractBreaks: 0, retryAfterMs: undefined },
        });
        enqueue.emit({ type: 'needsAttention', error });
      },
    ),
    /**
     * The host's input (or its timing) was refused: say why, stay put. The reason is the
     * params' code and message, else the error of the actor that failed.
     */
    reject: enqueueActions(({ event, enqueue }, params?: { code: string; message: string }) => {
      const error: FlowError = params
        ? { ...params, retryable: false }
        : toFlowError(errorOf(event));
      enqueue.assign({ error, submission: undefined });
      enqueue.emit({ type: 'error', error });
    }),
    /** The host's answer, held until the gateway takes it (see `FlowContext.submission`). */
    holdSubmission: assign(({ context, event }) => ({
      submission: { callbackKey: context.node?.callbackKey ?? '', event: event as HeldEvent },
    })),
    reportIgnored: emit(({ event, self }) => ({
      type: 'eventIgnored' as const,
      eventType: event.type,
      state: stateName(self.getSnapshot()),
    })),
    /** A successful submission: the next node usually appears soon, so poll fast. */
    markAnswered: assign(({ context }) => {
      const key = context.node?.callbackKey;
      return {
        answered:
          key === undefined || context.answered.includes(key)
            ? context.answered
            : [...context.answered, key],
        submission: undefined,
        error: undefined,
        timing: { ...context.timing, lastSubmitAt: now(), pollAttempts: 0 },
      };
    }),
    /** RETAKE: the node is re-armed soon; look for it at the after-submit pace. */
    expectNode: assign(({ context }) => ({
      error: undefined,
      timing: { ...context.timing, lastSubmitAt: now(), pollAttempts: 0 },
    })),
    ocrSubmitted: assign(({ context }) => ({
      ocr: {
        callbackKey: context.node?.callbackKey ?? '',
        status: 'extracting' as const,
        submittedAt: now(),
        reads: 0,
      },
    })),
    ocrRead: enqueueActions(({ context, event, enqueue }) => {
      if (!context.ocr) return;
      const { status, result, reason } = outputOf<PollOcrOutput>(event);
      const next = { ...context.ocr, reads: context.ocr.reads + 1, lastReadAt: now() };
      if (status === 'SUCCESS') {
        const ocrResult = result ?? {};
        enqueue.assign({ ocr: { ...next, status: 'succeeded', result: ocrResult } });
        enqueue.emit({ type: 'ocrResult', result: ocrResult });
      } else if (status === 'FAILED') {
        enqueue.assign({ ocr: { ...next, status: 'failed', ...(reason ? { reason } : {}) } });
        enqueue.emit({ type: 'ocrFailed', ...(reason ? { reason } : {}) });
      } else {
        enqueue.assign({ ocr: next });
      }
    }),
    ocrBroken: enqueueActions(({ context, event, enqueue }) => {
      const error = toFlowError(errorOf(event));
      if (context.ocr)
        enqueue.assign({ ocr: { ...context.ocr, status: 'failed', reason: error.message } });
      enqueue.assign({ error });
      enqueue.emit({ type: 'ocrFailed', reason: error.message });
    }),
    announceOcrFailed: emit(({ context }) => ({
      type: 'ocrFailed' as const,
      ...(context.ocr?.reason ? { reason: context.ocr.reason } : {}),
    })),
    otpSending: assign(({ context, event }, params: { channel: OtpChannel }) => {
      const slice = otpSlice(context, params.channel);
      // The identity SEND_OTP names wins; without one, where this node's last code went.
      const given = event.type === 'SEND_OTP' ? event.identity : undefined;
      const identity = otpIdentity(context, params.channel, given ?? slice.sentTo);
      return { otp: { ...slice, identity }, error: undefined };
    }),
    otpSent: enqueueActions(({ context, event, enqueue }, params: { channel: OtpChannel }) => {
      const output = outputOf<SendOtpOutput>(event);
      const slice = otpSlice(context, params.channel);
      const sentAt = now();
      const cooldownMs =
        output.cooldownSeconds === undefined
          ? DEFAULT_OTP_COOLDOWN_MS / context.polling.timeScale
          : output.cooldownSeconds * 1000;
      // The same requestId means the gateway sent no new code: the cooldown still runs from then.
      const otp =
        output.requestId !== slice.requestId
          ? {
              ...slice,
              requestId: output.requestId,
              sentAt,
              resendAvailableAt: sentAt + cooldownMs,
              sends: slice.sends + 1,
              remainingAttempts: undefined,
            }
          : slice;
      enqueue.assign({ otp: { ...otp, sentTo: slice.identity }, error: undefined });
      enqueue.emit({
        type: 'otpSent',
        channel: params.channel,
        resendAvailableAt: otp.resendAvailableAt ?? sentAt,
      });
    }),
    remindOtpSent: emit(({ context }) => ({
      type: 'otpSent' as const,
      channel: context.otp?.channel ?? 'email',
      resendAvailableAt: context.otp?.resendAvailableAt ?? now(),
    })),
    otpChecked: enqueueActions(({ context, event, enqueue }) => {
      if (!context.otp) return;
      const { verified, remainingAttempts } = outputOf<VerifyOtpOutput>(event);
      const { channel } = context.otp;
      const attempts = remainingAttempts === undefined ? {} : { remainingAttempts };
      enqueue.assign({
        otp: { ...context.otp, verifications: context.otp.verifications + 1, ...attempts },
      });
      enqueue.emit(
        verified ? { type: 'otpVerified', channel } : { type: 'otpRejected', channel, ...attempts },
      );
    }),
    /** No attempts left for this code (the gateway's 429001, a last wrong code, a verify after). */
    lockOtp: enqueueActions(({ context, event, enqueue }) => {
      const cause = errorOf(event);
      const error: FlowError = {
        code: FLOW_CODES.OTP_LOCKED,
        message:
          'no attempts left for this code: RESEND_OTP once `otp.resendAvailableAt` has passed',
        ...(cause instanceof GatewayError ? { apiCode: cause.apiCode } : {}),
        retryable: false,
      };
      if (context.otp) enqueue.assign({ otp: { ...context.otp, remainingAttempts: 0 } });
      enqueue.assign({ error });
      enqueue.emit({ type: 'error', error });
    }),
    queueDocument: assign(({ context, event }) => {
      assertEvent(event, 'ADD_DOCUMENT');
      const documents = documentsSlice(context);
      return { documents: { ...documents, pending: [...documents.pending, event.document] } };
    }),
    requestSubmitDocuments: assign(({ context }) => ({
      documents: { ...documentsSlice(context), submitRequested: true },
    })),
    documentAdded: enqueueActions(({ context, event, enqueue }) => {
      const { docType } = outputOf<AddDocumentOutput>(event);
      const next = withAdded(context, docType);
      enqueue.assign({ documents: next.documents, error: undefined });
      enqueue.emit({ type: 'documentAdded', docType, missing: missingDocuments(next) });
    }),
    dropPendingDocuments: assign(({ context }) => ({
      documents: { ...documentsSlice(context), pending: [], submitRequested: false },
    })),
    formsSubmitted: assign(({ context, event }) => ({
      forms: withForms(context, outputOf<SubmitFormsOutput>(event).submitted).forms,
    })),
  },
});

/**
 * Answers in a row that may break the contract before the flow stops in `needsAttention`:
 * one garbled answer may be a glitch; the same break read after read is not.
 */
export const CONTRACT_READS = 3;

/** The timing after a failed call: one more contract break in a row, or none. */
const countBreak = (context: FlowContext, cause: unknown): FlowContext['timing'] => ({
  ...context.timing,
  contractBreaks:
    dispositionOf(cause) === 'contractBroken' ? (context.timing.contractBreaks ?? 0) + 1 : 0,
});

/** Without a cooldown from the gateway, the vendor's usual 30 s (scaled like every wait). */
export const DEFAULT_OTP_COOLDOWN_MS = 30_000;

function recordExecution(context: FlowContext, execution: ExecutionState): Partial<FlowContext> {
  const node = execution.currentNode ?? undefined;
  const key = node?.callbackKey;
  // Only a node we have not seen is news; RUNNING after our own submission is not, so the
  // after-submit back-off keeps growing through it.
  const news = key !== undefined && key !== context.node?.callbackKey;
  // Per-node data belongs to one callbackKey; a new node starts clean (the OCR result stays:
  // hosts prefill particulars from it).
  const keep = <T extends { callbackKey: string }>(slice: T | undefined) =>
    slice && slice.callbackKey === key ? slice : undefined;
  const nodeChanged = key !== context.node?.callbackKey;
  return {
    status: execution.status,
    node,
    result: execution.result ?? context.result,
    otp: keep(context.otp),
    documents: keep(context.documents),
    forms: keep(context.forms),
    submission: keep(context.submission),
    resumeTo: 'tracking',
    // A good answer means the trouble is over; an input error stays until the node changes.
    error: nodeChanged || context.error?.retryable ? undefined : context.error,
    timing: {
      ...context.timing,
      lastPollAt: now(),
      pollAttempts: news ? 0 : context.timing.pollAttempts + 1,
      suspensions: 0,
      contractBreaks: 0,
      retryAfterMs: undefined,
    },
  };
}

function otpIdentity(
  context: FlowContext,
  channel: OtpChannel,
  given?: string,
): string | undefined {
  return (
    given ||
    context.node?.config?.identity ||
    (channel === 'email' ? context.customer.email : context.customer.phone) ||
    context.otp?.identity ||
    undefined
  );
}

function otpSlice(context: FlowContext, channel: OtpChannel) {
  const key = context.node?.callbackKey ?? '';
  return context.otp && context.otp.callbackKey === key
    ? context.otp
    : { channel, callbackKey: key, sends: 0, verifications: 0 };
}

function documentsSlice(context: FlowContext) {
  const key = context.node?.callbackKey ?? '';
  return context.documents && context.documents.callbackKey === key
    ? context.documents
    : { callbackKey: key, added: [], pending: [], submitRequested: false };
}

function withAdded(context: FlowContext, docType: DocumentType): FlowContext {
  const documents = documentsSlice(context);
  return {
    ...context,
    documents: {
      ...documents,
      added: documents.added.includes(docType) ? documents.added : [...documents.added, docType],
      pending: documents.pending.slice(1),
      submitRequested: documents.pending.length > 1 ? documents.submitRequested : false,
    },
  };
}

function withForms(context: FlowContext, submitted: readonly string[]): FlowContext {
  const key = context.node?.callbackKey ?? '';
  const previous = context.forms?.callbackKey === key ? context.forms.submitted : [];
  return {
    ...context,
    forms: { callbackKey: key, submitted: [...new Set([...previous, ...submitted])] },
  };
}

const withError = (error: ReturnType<typeof outcomeError>) => (error ? { error } : {});

function stateName(snapshot: unknown): string {
  const value = (snapshot as { value?: unknown } | undefined)?.value;
  return value === undefined ? '' : toStatePath(value);
}

/** `{ tracking: { emailOtp: 'codeSent' } }` → `tracking.emailOtp.codeSent`. */
export function toStatePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value)[0] ?? [];
    if (key === undefined) return '';
    const rest = toStatePath(child);
    return rest ? `${key}.${rest}` : key;
  }
  return '';
}
