import type { UploadInput, UploadResult } from '../../services/types.js';
import { createProxyUploader, type ProxyClientOptions } from './proxy-transport.js';
import type { UploadProgress } from './types.js';
import { xhrFetch } from './xhr-fetch.js';

export interface ProgressUploadSettings
  extends Pick<ProxyClientOptions, 'headers' | 'credentials' | 'retry' | 'timeoutMs'> {
  readonly proxyUrl: string | URL;
}

export interface ProgressUploadCall {
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export type ProgressUploader = (
  input: UploadInput,
  call?: ProgressUploadCall,
) => Promise<UploadResult>;

/**
 * Uploads to the proxy's upload route like `createProxyUploader` (the same form, ky's
 * retries and typed errors), sending over XMLHttpRequest so that progress is reported.
 */
export const createProgressUploader =
  ({ proxyUrl, ...settings }: ProgressUploadSettings): ProgressUploader =>
  (input, call = {}) =>
    createProxyUploader(proxyUrl, { ...settings, fetch: xhrFetch(call.onProgress) })(
      input,
      call.signal ? { signal: call.signal } : {},
    );
