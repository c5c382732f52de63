import type { ReadStatus } from '../services/wire/fallbacks.js';
import type { CurrentNode, OcrResult } from '../services/wire/records.js';
import type { DocumentType, OtpChannel } from '../services/wire/vocabulary.js';
import type { PollingOptions } from './polling.js';
import type { FlowError, FlowOutcome, HostEvent, RequiredDocumentInput } from './types.js';

/**
 * The chart's context. It is persisted, so it is plain JSON: no client, no functions, no
 * Blobs, and never an OTP code.
 */
export interface FlowContext {
  readonly referenceId: string;
  readonly customer: {
    readonly customerId?: string;
    readonly email?: string;
    readonly phone?: string;
  };
  readonly customerId?: string;
  readonly executionId?: string;
  readonly status?: ReadStatus;
  /** The node of the latest status answer. */
  readonly node?: CurrentNode;
  /**
   * callbackKeys of the nodes whose submission the gateway took; a node waiting again on one
   * is not sent the held submission again by itself. (Persisted under this name.)
   */
  readonly answered: readonly string[];
  /**
   * The host's answer on its way to the waiting node, until the gateway takes it. If a
   * suspension interrupts it, leaving `suspended` sends it again (same callbackKey, so
   * idempotent) instead of asking the host again; once taken, it is kept while its node
   * waits, to go once more should the node never move on (`ANSWER_WAIT_MS`). Never an OTP
   * code: verify is not held.
   */
  readonly submission?: Submission;
  readonly ocr?: OcrState;
  readonly otp?: OtpState;
  readonly documents?: DocumentsState;
  readonly forms?: FormsState;
  readonly error?: FlowError;
  readonly outcome?: FlowOutcome;
  readonly timing: Timing;
  /** Statuses the guide does not list that the flow has told the host about (once each). */
  readonly unknownStatuses?: readonly string[];
  /** How long an unlisted status may last before the flow stops (absent: the default). */
  readonly maxUnknownStatusMs?: number;
  /** Where `suspended` and `needsAttention` go back to. */
  readonly resumeTo: 'registering' | 'starting' | 'tracking';
  readonly polling: PollingOptions;
}

/** Host events whose answer can be sent again as it is. */
export type HeldEvent = Extract<
  HostEvent,
  {
    type:
      | 'SUBMIT_IDENTITY_DOCUMENT'
      | 'SUBMIT_PARTICULARS'
      | 'SUBMIT_LIVENESS'
      | 'SEND_OTP'
      | 'RESEND_OTP'
      | 'SUBMIT_DOCUMENTS'
      | 'SUBMIT_FORMS';
  }
>;

export interface Submission {
  readonly callbackKey: string;
  readonly event: HeldEvent;
}

export interface Timing {
  readonly startedAt?: number;
  readonly lastSubmitAt?: number;
  readonly lastPollAt?: number;
  /** Polls in a row that saw nothing new. */
  readonly pollAttempts: number;
  /** Suspensions in a row (reset by a successful poll). */
  readonly suspensions: number;
  /** Answers in a row that broke the contract (reset by one that did not). */
  readonly contractBreaks?: number;
  /**
   * The node (`nodeType nodeId`) the gateway took the flow's last answer for, and how many
   * answers in a row it took for it, each under a new callbackKey (`answersSpent`). Reset by
   * RETAKE and by a stop in `needsAttention`. Absent from snapshots of earlier versions.
   */
  readonly answersTo?: string;
  readonly answers?: number;
  readonly suspendedAt?: number;
  readonly retryAfterMs?: number;
  /**
   * The time (epoch ms) the gateway named for the call that failed last (its `Retry-After`):
   * that call is not made again before it, whatever wakes the flow (RETRY included).
   */
  readonly notBefore?: number;
  /**
   * When the execution's current unlisted status (or WAITING with no node) was first read
   * (epoch ms), persisted: xstate restores no timer (`unknownStatusTooLong`).
   */
  readonly unlistedSince?: number;
}

export interface OcrState {
  readonly callbackKey: string;
  readonly status: 'extracting' | 'succeeded' | 'failed';
  readonly submittedAt: number;
  readonly reads: number;
  readonly result?: OcrResult;
  readonly reason?: string;
}

export interface OtpState {
  readonly channel: OtpChannel;
  readonly callbackKey: string;
  readonly identity?: string;
  /** Where the last code the gateway took went (a refused send went nowhere). */
  readonly sentTo?: string;
  readonly requestId?: string;
  readonly sentAt?: number;
  readonly resendAvailableAt?: number;
  readonly remainingAttempts?: number;
  readonly sends: number;
  readonly verifications: number;
  /**
   * Prints (`codePrint`) of the codes the gateway refused for `requestId`: none is sent to
   * it again, by the host or by a resumed run (its attempts are the customer's).
   */
  readonly refused?: readonly string[];
}

export interface DocumentsState {
  readonly callbackKey: string;
  readonly added: readonly DocumentType[];
  /** Added by the host and not yet accepted by the gateway, in order. */
  readonly pending: readonly RequiredDocumentInput[];
  /** SUBMIT_DOCUMENTS came while documents were still being sent. */
  readonly submitRequested: boolean;
}

export interface FormsState {
  readonly callbackKey: string;
  readonly submitted: readonly string[];
}

export interface FlowInput {
  readonly customer: {
    readonly customerId?: string;
    readonly email?: string;
    readonly phone?: string;
    readonly referenceId: string;
  };
  readonly polling: PollingOptions;
  readonly maxUnknownStatusMs?: number;
}

export function initialContext(input: FlowInput): FlowContext {
  const { referenceId, ...customer } = input.customer;
  return {
    referenceId,
    customer,
    answered: [],
    timing: { pollAttempts: 0, suspensions: 0 },
    resumeTo: 'registering',
    polling: input.polling,
    maxUnknownStatusMs: input.maxUnknownStatusMs,
  };
}

/** The waiting node's reference fields, as every submission needs them. */
export function nodeRef(context: FlowContext): {
  executionId: string;
  callbackKey: string;
  referenceId: string;
} {
  return {
    executionId: context.executionId ?? '',
    callbackKey: context.node?.callbackKey ?? '',
    referenceId: context.referenceId,
  };
}

/** A node as the flow's stops name it, and tells it apart from another: `nodeType nodeId`. */
export const nodeName = (node: CurrentNode | null | undefined): string =>
  `${node?.nodeType} ${node?.nodeId}`;

/** Required document types of the current node that are not in yet. */
export function missingDocuments(context: FlowContext): DocumentType[] {
  const required = (context.node?.config?.requiredDocuments ?? [])
    .filter((doc) => doc.isRequired)
    .map((doc) => doc.docType);
  const added = new Set(context.documents?.added ?? []);
  return [...new Set(required)].filter((docType) => !added.has(docType));
}

/** Form ids of the current node not submitted yet. */
export function missingForms(context: FlowContext): string[] {
  const submitted = new Set(context.forms?.submitted ?? []);
  return (context.node?.config?.formIds ?? []).filter((formId) => !submitted.has(formId));
}

/**
 * The held host answer of `type`: always there in the submitting state it led to. Were it
 * not, the bare event fails the client's validation, loudly, instead of sending nothing.
 */
export function heldEvent<T extends HeldEvent['type']>(
  context: FlowContext,
  type: T,
): Extract<HeldEvent, { type: T }> {
  const event = context.submission?.event;
  return (event?.type === type ? event : { type }) as Extract<HeldEvent, { type: T }>;
}
