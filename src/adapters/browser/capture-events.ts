import type { HostEvent } from '../../machine/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import type { DocumentType } from '../../services/wire/vocabulary.js';
import type {
  CaptureOptions,
  DocumentUploadOptions,
  IdentityDocumentCapture,
  LivenessCapture,
} from './flow-actions.js';
import type { Upload, UploadOptions, UploadProgress } from './types.js';

/**
 * The events that carry files, built once their files are uploaded. Loaded with the first
 * capture, which comes late in a flow: a page that never uploads does not carry it.
 */
export interface Uploading {
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
  target: Uploading,
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

export const identityDocumentEvent = async (
  target: Uploading,
  capture: IdentityDocumentCapture,
  options?: CaptureOptions,
): Promise<HostEvent> => {
  const sides = capture.back ? [capture.front, capture.back] : [capture.front];
  const [front, back] = await uploadAll(target, sides, options);
  return {
    type: 'SUBMIT_IDENTITY_DOCUMENT',
    document: {
      documentType: capture.documentType,
      region: capture.region,
      frontImage: front?.url ?? '',
      ...(back ? { backImage: back.url } : {}),
      ...(capture.provider === undefined ? {} : { provider: capture.provider }),
    },
  };
};

export const livenessEvent = async (
  target: Uploading,
  capture: LivenessCapture,
  options?: CaptureOptions,
): Promise<HostEvent> => {
  const [face] = await uploadAll(target, [capture.face], options);
  return {
    type: 'SUBMIT_LIVENESS',
    liveness: {
      status: capture.status ?? 'PASS',
      scores: capture.scores ?? {},
      images: { faceFull: face?.url ?? '' },
      ...(capture.provider === undefined ? {} : { provider: capture.provider }),
    },
  };
};

export const documentEvent = async (
  target: Uploading,
  file: Upload,
  docType: DocumentType,
  options: DocumentUploadOptions = {},
): Promise<HostEvent | undefined> => {
  const sides = options.back ? [file, options.back] : [file];
  const [front, back] = await uploadAll(target, sides, options);
  if (!front) return undefined;
  return {
    type: 'ADD_DOCUMENT',
    document: {
      docType,
      files: { front, ...(back ? { back } : {}) },
      ...(options.extraData ? { extraData: options.extraData } : {}),
    },
  };
};
