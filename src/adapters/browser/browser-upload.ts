import type { DocumentFile } from '../../services/wire/records.js';
import { createProgressUploader, type ProgressUploader } from './progress-upload.js';
import type { createProxyUploader, ProxyClientOptions } from './proxy-transport.js';
import type { BrowserFlowOptions, Upload, UploadOptions } from './types.js';

/** What a browser flow uploads with; the entry's own, handed in so that this chunk shares none. */
export type UploaderMaker = typeof createProxyUploader;

/** What an upload whose link stalled fails with (a retryable `timeout`); the entry's own too. */
export type StallError = () => Error;

const nameOf = (file: Upload): string | undefined =>
  'name' in file && typeof file.name === 'string' && file.name !== '' ? file.name : undefined;

/** Browsers give XMLHttpRequest (progress); elsewhere, or with the host's own fetch, fetch. */
const createUploader = (
  options: BrowserFlowOptions,
  make: UploaderMaker,
  stalled: StallError,
): ProgressUploader => {
  // The transport reads only its own keys, and an absent one as its default.
  const transport: ProxyClientOptions = options;
  if (options.fetch === undefined && typeof XMLHttpRequest !== 'undefined') {
    return createProgressUploader({ ...transport, proxyUrl: options.proxyUrl }, make, stalled);
  }
  const upload = make(options.proxyUrl, transport);
  return async (input, call = {}) => {
    const result = await upload(input, call);
    call.onProgress?.({ loaded: input.file.size, total: input.file.size });
    return result;
  };
};

/**
 * Puts a file in the vendor's storage through the proxy, for an execution. Loaded with the
 * first upload, which comes late in a flow.
 */
export const browserUploader = (
  options: BrowserFlowOptions,
  make: UploaderMaker,
  stalled: StallError,
) => {
  const uploader = createUploader(options, make, stalled);
  return async (
    file: Upload,
    executionId: string,
    uploadOptions: UploadOptions = {},
  ): Promise<DocumentFile> => {
    const filename = uploadOptions.filename ?? nameOf(file) ?? 'upload';
    const { url } = await uploader({ file, filename, executionId }, uploadOptions);
    return {
      url,
      filename,
      ...(file.type ? { content_type: file.type } : {}),
      size: file.size,
    };
  };
};
