import type { FlowError, FormInput } from '../../machine/types.js';
import type { PersonData } from '../../services/wire/records.js';
import type { DocumentType } from '../../services/wire/vocabulary.js';
import type {
  CaptureOptions,
  DocumentUploadOptions,
  IdentityDocumentCapture,
  LivenessCapture,
} from '../browser/flow-actions.js';
import type {
  BrowserFlow,
  BrowserFlowOptions,
  BrowserFlowView,
  HandoffLink,
  HandoffRequest,
  Upload,
  UploadProgress,
} from '../browser/types.js';

export type UseKycFlowOptions = BrowserFlowOptions & {
  /**
   * Default `true`: a fresh flow registers and starts as soon as it mounts. `false` waits
   * for `start()` (a consent screen first); a resumed flow carries on either way.
   */
  readonly autoStart?: boolean;
};

/** One file transfer as the UI shows it, keyed by what it is for. */
export interface UploadState extends UploadProgress {
  readonly status: 'uploading' | 'sent' | 'failed';
  /** Why it failed, in a sentence fit to show the customer. */
  readonly error?: string;
  /** The failure as the error said it, for logs (not for the customer). */
  readonly detail?: string;
}

/** An error of the flow, with the sentence a page shows the customer (`message` is for logs). */
export interface CustomerFlowError extends FlowError {
  /** Plain words, no codes or field names: `customerMessageOf(error)`. */
  readonly customerMessage: string;
}

/** `identityDocument`, `liveness`, or a required document's type. */
export type UploadKey = 'identityDocument' | 'liveness' | DocumentType;

/**
 * Senders for every host event. The ones that upload first resolve to `true` once the
 * event is sent, `false` when an upload failed (see `uploads`); they never reject.
 */
export interface KycFlowSenders {
  start(): void;
  submitIdentityDocument(
    capture: IdentityDocumentCapture,
    options?: CaptureOptions,
  ): Promise<boolean>;
  retake(): void;
  submitParticulars(personData: PersonData): void;
  submitLiveness(capture: LivenessCapture, options?: CaptureOptions): Promise<boolean>;
  sendOtp(identity?: string): void;
  resendOtp(): void;
  verifyOtp(code: string): void;
  addDocument(
    file: Upload,
    docType: DocumentType,
    options?: DocumentUploadOptions,
  ): Promise<boolean>;
  submitDocuments(): void;
  submitForms(forms: readonly FormInput[]): void;
  retry(): void;
  cancel(): void;
  /**
   * "Continue on your phone" (`storage: 'server'`): a one-time link to this flow, also shown
   * in `handoffState` (`offered`, with its `url` for a QR code). See `BrowserFlow.handoff`.
   */
  handoff(request?: HandoffRequest): Promise<HandoffLink>;
  /** Withdraws the open link, or takes the flow back from the other device. */
  takeBack(): Promise<void>;
}

/** What `useKycFlow` returns: the view's fields, the senders, and a little of the page. */
export interface UseKycFlowResult extends BrowserFlowView, KycFlowSenders {
  /** The view's error, with `customerMessage` for the page. */
  readonly error?: CustomerFlowError;
  /**
   * Whether a new code may be asked for now (`resendOtp()`): the flow takes RESEND_OTP and
   * `otp.resendAvailableAt` has passed. The hook re-renders when it turns true; show the
   * wait with `useCountdown(otp.resendAvailableAt)`.
   */
  readonly canResend: boolean;
  /** The flow's view as it is (its `error` without `customerMessage`). */
  readonly view: BrowserFlowView;
  readonly flow: BrowserFlow;
  readonly uploads: Readonly<Partial<Record<UploadKey, UploadState>>>;
  /** The browser's network; polls wait while it is gone. */
  readonly online: boolean;
}
