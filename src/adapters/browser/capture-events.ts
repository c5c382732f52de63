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

const sum = (parts: readonly number[]) => parts.reduce((all, part) => all + part, 0);

/**
 * Sums the progress of several files sent side by side. Each counts against what its own
 * upload says it sends (the file and its form's few hundred bytes), the file's size until
 * it says: never past 100 %.
 */
const combinedProgress = (
  files: readonly Upload[],
  onProgress: ((progress: UploadProgress) => void) | undefined,
) => {
  const loaded = files.map(() => 0);
  const totals = files.map((file) => file.size);
  return files.map((_, index) => (progress: UploadProgress) => {
    totals[index] = Math.max(progress.total ?? 0, progress.loaded, totals[index] ?? 0);
    loaded[index] = progress.loaded;
    onProgress?.({ loaded: sum(loaded), total: sum(totals) });
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
