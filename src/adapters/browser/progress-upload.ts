import type { UploadInput, UploadResult } from '../../services/types.js';
import type { StallError } from './browser-upload.js';
import type { createProxyUploader, ProxyClientOptions } from './proxy-transport.js';
import type { UploadProgress } from './types.js';
import { xhrFetch } from './xhr-fetch.js';

export interface ProgressUploadSettings
  extends Pick<ProxyClientOptions, 'headers' | 'credentials' | 'retry'> {
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
 * The XMLHttpRequest fetch is loaded with the first upload, which comes late in a flow;
 * `make` is `createProxyUploader`. A try whose body stalls fails with `stalled()`'s error.
 */
export const createProgressUploader =
  (
    { proxyUrl, ...settings }: ProgressUploadSettings,
    make: typeof createProxyUploader,
    stalled: StallError,
  ): ProgressUploader =>
  async (input, call = {}) => {
    const upload = make(proxyUrl, { ...settings, fetch: xhrFetch(stalled, call.onProgress) });
    return upload(input, call.signal ? { signal: call.signal } : {});
  };
