import { FlowInputError } from '../../machine/flow-error.js';
import type { FlowView, FormInput, HostEvent } from '../../machine/types.js';
import type { ExtraData, LivenessScores, PersonData } from '../../services/wire/records.js';
import type { DocumentType } from '../../services/wire/vocabulary.js';
import type { Uploading } from './capture-events.js';
import type { Upload, UploadProgress } from './types.js';

export interface IdentityDocumentCapture {
  readonly documentType: DocumentType;
  /** ISO 3166 alpha-2, usually the node's `config.region`. */
  readonly region: string;
  readonly front: Upload;
  readonly back?: Upload;
  readonly provider?: string;
}

export interface LivenessCapture {
  /** The selfie (a canvas capture, a camera frame). */
  readonly face: Upload;
  /** What the liveness check concluded; default `PASS`. */
  readonly status?: 'PASS' | 'FAIL';
  readonly scores?: LivenessScores;
  readonly provider?: string;
}

export interface DocumentUploadOptions {
  readonly back?: Upload;
  readonly extraData?: ExtraData;
  /** Progress of all the document's files together. */
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export interface CaptureOptions {
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

/** Typed senders for every host event; the ones that carry files upload them first. */
export interface FlowActions {
  start(): void;
  submitIdentityDocument(capture: IdentityDocumentCapture, options?: CaptureOptions): Promise<void>;
  /** After an OCR failure: take the pictures again. */
  retake(): void;
  submitParticulars(personData: PersonData): void;
  submitLiveness(capture: LivenessCapture, options?: CaptureOptions): Promise<void>;
  sendOtp(identity?: string): void;
  resendOtp(): void;
  verifyOtp(code: string): void;
  addDocument(file: Upload, docType: DocumentType, options?: DocumentUploadOptions): Promise<void>;
  submitDocuments(): void;
  submitForms(forms: readonly FormInput[]): void;
  retry(): void;
  cancel(): void;
}

interface ActionTarget extends Uploading {
  send(event: HostEvent): void;
  getView(): Pick<FlowView, 'executionId'>;
}

const captures = () => import('./capture-events.js');

/**
 * A capture made again with the same files while the first is being sent (a double click)
 * joins it: its files are not uploaded twice for a submission the node takes once. Other
 * files go their own way.
 */
const joiningRepeats = () => {
  const sending = new Map<string, { files: readonly unknown[]; running: Promise<void> }>();
  return (kind: string, files: readonly unknown[], send: () => Promise<void>) => {
    const same = sending.get(kind);
    if (same?.files.every((file, index) => file === files[index])) return same.running;
    const running = send().finally(() => {
      if (sending.get(kind)?.running === running) sending.delete(kind);
    });
    sending.set(kind, { files, running });
    return running;
  };
};

export const createFlowActions = (target: ActionTarget): FlowActions => {
  const joined = joiningRepeats();
  /**
   * Sends a capture once its files are up, to the execution they went to: a flow discarded
   * meanwhile (the customer started over) must not take the pictures of the one given up.
   */
  const sendOnceUp = async (made: () => Promise<HostEvent | undefined>) => {
    const { executionId } = target.getView();
    const event = await made();
    if (target.getView().executionId !== executionId) {
      throw new FlowInputError('NO_EXECUTION', 'the flow was discarded during the upload');
    }
    if (event) target.send(event);
  };
  return {
    start: () => target.send({ type: 'START' }),
    submitIdentityDocument: (capture, options) =>
      joined('identityDocument', [capture.front, capture.back], () =>
        sendOnceUp(async () => (await captures()).identityDocumentEvent(target, capture, options)),
      ),
    retake: () => target.send({ type: 'RETAKE' }),
    submitParticulars: (personData) => target.send({ type: 'SUBMIT_PARTICULARS', personData }),
    submitLiveness: (capture, options) =>
      joined('liveness', [capture.face], () =>
        sendOnceUp(async () => (await captures()).livenessEvent(target, capture, options)),
      ),
    sendOtp: (identity) =>
      target.send(identity === undefined ? { type: 'SEND_OTP' } : { type: 'SEND_OTP', identity }),
    resendOtp: () => target.send({ type: 'RESEND_OTP' }),
    verifyOtp: (code) => target.send({ type: 'VERIFY_OTP', code }),
    addDocument: (file, docType, options) =>
      joined(docType, [file, options?.back], () =>
        sendOnceUp(async () => (await captures()).documentEvent(target, file, docType, options)),
      ),
    submitDocuments: () => target.send({ type: 'SUBMIT_DOCUMENTS' }),
    submitForms: (forms) => target.send({ type: 'SUBMIT_FORMS', forms }),
    retry: () => target.send({ type: 'RETRY' }),
    cancel: () => target.send({ type: 'CANCEL' }),
  };
};
