import { FlowInputError } from '../../machine/flow-error.js';
import type { FlowView } from '../../machine/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import { createProgressUploader, type ProgressUploader } from './progress-upload.js';
import { createProxyUploader, type ProxyClientOptions } from './proxy-transport.js';
import type { BrowserFlowOptions, Upload, UploadOptions } from './types.js';

const nameOf = (file: Upload): string | undefined =>
  'name' in file && typeof file.name === 'string' && file.name !== '' ? file.name : undefined;

/** Browsers give XMLHttpRequest (progress); elsewhere, or with the host's own fetch, fetch. */
const createUploader = (options: BrowserFlowOptions): ProgressUploader => {
  // The transport reads only its own keys, and an absent one as its default.
  const transport: ProxyClientOptions = options;
  if (options.fetch === undefined && typeof XMLHttpRequest !== 'undefined') {
    return createProgressUploader({ ...transport, proxyUrl: options.proxyUrl });
  }
  const upload = createProxyUploader(options.proxyUrl, transport);
  return async (input, call = {}) => {
    const result = await upload(input, call);
    call.onProgress?.({ loaded: input.file.size, total: input.file.size });
    return result;
  };
};

/** Puts a file in the vendor's storage through the proxy, for the execution the view names. */
export const browserUpload = (options: BrowserFlowOptions, view: () => FlowView) => {
  const uploader = createUploader(options);
  return async (file: Upload, uploadOptions: UploadOptions = {}): Promise<DocumentFile> => {
    const { executionId } = view();
    if (executionId === undefined) {
      throw new FlowInputError('NO_EXECUTION', 'files belong to an execution: upload once it runs');
    }
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
