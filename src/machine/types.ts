import type { InspectionEvent } from 'xstate';
import type { GatewayClient, GatewayClientOptions } from '../services/types.js';
import type {
  CurrentNode,
  DocumentFiles,
  ExtraData,
  FormData,
  LivenessImages,
  LivenessScores,
  OcrResult,
  PersonData,
} from '../services/wire/records.js';
import type { DocumentType, OtpChannel } from '../services/wire/vocabulary.js';
import type { Sleep } from './actors/sleep.js';
import type { PollingOptions } from './polling.js';

/** Who is being onboarded; `referenceId` is generated when absent. */
export interface FlowCustomer {
  readonly customerId?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly referenceId?: string;
}

export interface IdentityDocumentInput {
  readonly documentType: DocumentType;
  readonly region: string;
  readonly frontImage: string;
  readonly backImage?: string;
  readonly provider?: string;
}

export interface LivenessInput {
  readonly status: 'PASS' | 'FAIL';
  readonly scores: LivenessScores;
  readonly images: LivenessImages;
  readonly provider?: string;
}

export interface RequiredDocumentInput {
  readonly docType: DocumentType;
  readonly files: DocumentFiles;
  readonly extraData?: ExtraData;
}

export interface FormInput {
  readonly formId: string;
  readonly formData: FormData;
}

/** What the host may tell the flow. */
export type HostEvent =
  | { type: 'START' }
  | { type: 'SUBMIT_IDENTITY_DOCUMENT'; document: IdentityDocumentInput }
  | { type: 'RETAKE' }
  | { type: 'SUBMIT_PARTICULARS'; personData: PersonData }
  | { type: 'SUBMIT_LIVENESS'; liveness: LivenessInput }
  | { type: 'SEND_OTP'; identity?: string }
  | { type: 'RESEND_OTP' }
  | { type: 'VERIFY_OTP'; code: string }
  | { type: 'ADD_DOCUMENT'; document: RequiredDocumentInput }
  | { type: 'SUBMIT_DOCUMENTS' }
  | { type: 'SUBMIT_FORMS'; forms: readonly FormInput[] }
  | { type: 'RETRY' }
  | { type: 'CANCEL' };
export type HostEventType = HostEvent['type'];

/**
 * Where the flow is, in one vocabulary:
 * - `step` (`FlowStep`): what a host acts on, the stage of the lifecycle or the node the
 *   flow is at. Each state of the chart names its step in its `meta` (`StateMeta`).
 * - `state` (`FlowView.state`): the exact state of the chart as a dotted path, for logs,
 *   inspectors and tests (`tracking.emailOtp.codeSent`).
 * - `Route`: the step a status answer sends the flow to; `AnswerableKind`: the steps where
 *   the host answers a node; `NodeStep`: the steps where a node waits (the view shows it).
 * - `PollPhase` says how fast the flow reads the status, not where it is: each state that
 *   reads it carries its phase as a tag (`snapshot.hasTag('review')`).
 * And for what moves it: an *answer* is what the gateway returns for a call (a status
 * answer); a *submission* is the host's input for a waiting node, held until the gateway
 * takes it (`context.submission`; `context.answered` lists the callbackKeys it took).
 */
export type FlowStep =
  | 'idle'
  | 'registering'
  | 'starting'
  | 'polling'
  | 'identityDocument'
  | 'particulars'
  | 'liveness'
  | 'emailOtp'
  | 'phoneOtp'
  | 'requiredDocuments'
  | 'requiredForms'
  | 'screenCheck'
  | 'pendingReview'
  | 'unknownNode'
  | 'suspended'
  | 'needsAttention'
  | 'completed'
  | 'failed'
  | 'timedOut'
  | 'cancelled';

/** What a state of the chart says about itself (`snapshot.getMeta()`); the view reads it. */
export interface StateMeta {
  /** The step of a flow in this state: named by exactly one state of each configuration. */
  readonly step?: FlowStep;
  /** The host events this state waits for; CANCEL always works and is not listed. */
  readonly expects?: readonly HostEventType[];
}

/** An error as the host sees it: plain data, safe to persist and to show. */
export interface FlowError {
  /** Stable: a `KycFlowError` code (`GATEWAY_ERROR`, …) or a flow code (`DOCUMENTS_MISSING`, …). */
  readonly code: string;
  readonly message: string;
  /** The gateway's `apiCode`, when the gateway answered. */
  readonly apiCode?: number;
  readonly retryable: boolean;
  /** The input field at fault, for validation errors; the answer's field, for `CONTRACT_BROKEN`. */
  readonly field?: string;
  /** The gateway method whose answer broke the contract, or that refused our credentials. */
  readonly method?: string;
}

export type FlowOutcome =
  | {
      readonly status: 'completed';
      /**
       * What the gateway decided, read case-insensitively; `UNKNOWN` when COMPLETED came with
       * no decision or one the client does not know (`result` holds what it said).
       */
      readonly decision: 'APPROVED' | 'REJECTED' | 'UNKNOWN';
      readonly executionId: string;
      /** The result as the gateway sent it, unknown fields included. */
      readonly result?: Record<string, unknown>;
    }
  | {
      readonly status: 'failed' | 'timedOut' | 'cancelled';
      readonly executionId?: string;
      /** The execution's error, every field the gateway sent kept; else the flow's. */
      readonly error?: {
        readonly code: string;
        readonly message: string;
        readonly apiCode?: number;
        readonly [field: string]: unknown;
      };
    };

export interface OcrView {
  readonly status: 'extracting' | 'succeeded' | 'failed';
  readonly result?: OcrResult;
  readonly reason?: string;
}

export interface OtpView {
  readonly channel: OtpChannel;
  readonly identity?: string;
  readonly sentAt?: number;
  readonly resendAvailableAt?: number;
  readonly remainingAttempts?: number;
  readonly sends: number;
}

export interface DocumentsView {
  readonly added: readonly DocumentType[];
  readonly missing: readonly DocumentType[];
  /** Added by the host, still being sent. */
  readonly pending: readonly DocumentType[];
}

export interface FormsView {
  readonly submitted: readonly string[];
  readonly missing: readonly string[];
}

/** Everything a UI or a log needs, derived from the snapshot. */
export interface FlowView {
  /** Dotted active state path, e.g. `tracking.emailOtp.codeSent`. */
  readonly state: string;
  readonly step: FlowStep;
  readonly executionId?: string;
  readonly customerId?: string;
  readonly referenceId: string;
  /** The node the flow is at, with its config and every field the gateway sent. */
  readonly node?: CurrentNode;
  readonly ocr?: OcrView;
  readonly otp?: OtpView;
  readonly documents?: DocumentsView;
  readonly forms?: FormsView;
  readonly error?: FlowError;
  /**
   * Suspended by a call the gateway answered with a `Retry-After`: the time it named (epoch
   * ms). No call goes out before it, whatever wakes the flow; RETRY until then is ignored.
   */
  readonly notBefore?: number;
  readonly outcome?: FlowOutcome;
  /** The host events the flow waits for now (empty while it works by itself; CANCEL always works). */
  readonly expects: readonly HostEventType[];
  readonly done: boolean;
}

/** What the flow tells the host, through `on(type, handler)`. */
export type FlowEmitted =
  | { type: 'nodeWaiting'; node: CurrentNode; step: FlowStep }
  | { type: 'ocrResult'; result: OcrResult }
  | { type: 'ocrFailed'; reason?: string }
  | { type: 'otpSent'; channel: OtpChannel; resendAvailableAt: number }
  | { type: 'otpRejected'; channel: OtpChannel; remainingAttempts?: number }
  /**
   * The gateway took the code. `unconfirmed`: it took it without saying the code was right;
   * the status read that follows decides (the node moving on, or the code asked for again).
   */
  | { type: 'otpVerified'; channel: OtpChannel; unconfirmed?: true }
  | { type: 'documentAdded'; docType: DocumentType; missing: DocumentType[] }
  | { type: 'pendingReview'; node: CurrentNode }
  /** The execution waits on a node type the client does not know: told once per node. */
  | { type: 'unknownNode'; node: CurrentNode }
  /** A status the guide does not list: polled like RUNNING, told once per flow and status. */
  | { type: 'unknownStatus'; status: string }
  /** `notBefore`: the time the gateway named (its `Retry-After`), as `FlowView.notBefore`. */
  | { type: 'suspended'; error: FlowView['error']; notBefore?: number }
  /** The flow stopped until the host sends RETRY (contract broken, credentials refused). */
  | { type: 'needsAttention'; error: FlowError }
  | { type: 'error'; error: FlowError }
  | { type: 'eventIgnored'; eventType: string; state: string; reason?: string }
  | { type: 'outcome'; outcome: FlowOutcome };
export type FlowEmittedType = FlowEmitted['type'];

/** What `persist()` returns: JSON, never an OTP code. */
export interface PersistedFlow {
  readonly version: 1;
  /** The XState persisted snapshot, scrubbed. */
  readonly snapshot: unknown;
}

export interface KycFlowOptions {
  readonly client: GatewayClient | GatewayClientOptions;
  readonly customer: FlowCustomer;
  /** Resume from `persist()`. */
  readonly snapshot?: PersistedFlow;
  readonly polling?: Partial<PollingOptions>;
  /**
   * How long (real ms, not scaled) the execution may show a status the guide does not list,
   * or WAITING with no node, before the flow stops in `needsAttention` (`UNKNOWN_STATUS`)
   * rather than read it for ever; RETRY reads again. Default 10 min
   * (`DEFAULT_MAX_UNKNOWN_STATUS_MS`). A restored flow keeps its own unless given again.
   */
  readonly maxUnknownStatusMs?: number;
  readonly inspect?: (event: InspectionEvent) => void;
  /**
   * How waits end (default: at their deadline). A host may end them early: the browser
   * adapter wakes every wait when the page becomes visible, so the flow polls at once.
   */
  readonly sleep?: Sleep;
}
