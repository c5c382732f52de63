import type { FormInput, HostEvent } from '../../machine/types.js';
import type {
  DocumentFile,
  ExtraData,
  LivenessScores,
  PersonData,
} from '../../services/wire/records.js';
import type { DocumentType } from '../../services/wire/vocabulary.js';
import type { Upload, UploadOptions, UploadProgress } from './types.js';

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

interface ActionTarget {
  send(event: HostEvent): void;
  upload(file: Upload, options?: UploadOptions): Promise<DocumentFile>;
}

/** Sums the progress of several files sent side by side. */
const combinedProgress = (
  files: readonly Upload[],
  onProgress: ((progress: UploadProgress) => void) | undefined,
) => {
  const loaded = files.map(() => 0);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  return files.map((_, index) => (progress: UploadProgress) => {
    loaded[index] = progress.loaded;
    onProgress?.({ loaded: loaded.reduce((sum, part) => sum + part, 0), total });
  });
};

const uploadAll = (
  target: ActionTarget,
  files: readonly Upload[],
  options: CaptureOptions = {},
): Promise<DocumentFile[]> => {
  const progress = combinedProgress(files, options.onProgress);
  return Promise.all(
    files.map((file, index) =>
      target.upload(file, {
        ...(progress[index] ? { onProgress: progress[index] } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    ),
  );
};

export const createFlowActions = (target: ActionTarget): FlowActions => ({
  start: () => target.send({ type: 'START' }),
  async submitIdentityDocument(capture, options) {
    const sides = capture.back ? [capture.front, capture.back] : [capture.front];
    const [front, back] = await uploadAll(target, sides, options);
    target.send({
      type: 'SUBMIT_IDENTITY_DOCUMENT',
      document: {
        documentType: capture.documentType,
        region: capture.region,
        frontImage: front?.url ?? '',
        ...(back ? { backImage: back.url } : {}),
        ...(capture.provider === undefined ? {} : { provider: capture.provider }),
      },
    });
  },
  retake: () => target.send({ type: 'RETAKE' }),
  submitParticulars: (personData) => target.send({ type: 'SUBMIT_PARTICULARS', personData }),
  async submitLiveness(capture, options) {
    const [face] = await uploadAll(target, [capture.face], options);
    target.send({
      type: 'SUBMIT_LIVENESS',
      liveness: {
        status: capture.status ?? 'PASS',
        scores: capture.scores ?? {},
        images: { faceFull: face?.url ?? '' },
        ...(capture.provider === undefined ? {} : { provider: capture.provider }),
      },
    });
  },
  sendOtp: (identity) =>
    target.send(identity === undefined ? { type: 'SEND_OTP' } : { type: 'SEND_OTP', identity }),
  resendOtp: () => target.send({ type: 'RESEND_OTP' }),
  verifyOtp: (code) => target.send({ type: 'VERIFY_OTP', code }),
  async addDocument(file, docType, options = {}) {
    const sides = options.back ? [file, options.back] : [file];
    const [front, back] = await uploadAll(target, sides, options);
    if (!front) return;
    target.send({
      type: 'ADD_DOCUMENT',
      document: {
        docType,
        files: { front, ...(back ? { back } : {}) },
        ...(options.extraData ? { extraData: options.extraData } : {}),
      },
    });
  },
  submitDocuments: () => target.send({ type: 'SUBMIT_DOCUMENTS' }),
  submitForms: (forms) => target.send({ type: 'SUBMIT_FORMS', forms }),
  retry: () => target.send({ type: 'RETRY' }),
  cancel: () => target.send({ type: 'CANCEL' }),
});
