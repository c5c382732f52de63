import { type Answer, openAnswer } from '../../services/envelope.js';
import { TransportError } from '../../services/errors/index.js';
import { mergeRetryPolicy, parseRetryAfter, withRetry } from '../../services/retry.js';
import { DEFAULT_TIMEOUT_MS } from '../../services/transport.js';
import type { RetryPolicy, UploadInput, UploadResult } from '../../services/types.js';
import { UPLOAD_API } from '../proxy/types.js';
import type { UploadProgress } from './types.js';

export interface ProgressUploadSettings {
  readonly proxyUrl: string | URL;
  readonly headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  readonly credentials?: RequestCredentials;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt; files are slow, so the default is six times a call's. */
  readonly timeoutMs?: number;
}

export interface ProgressUploadCall {
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export type ProgressUploader = (
  input: UploadInput,
  call?: ProgressUploadCall,
) => Promise<UploadResult>;

const uploadUrl = (proxyUrl: string | URL): string => {
  const url = new URL(proxyUrl, typeof location === 'undefined' ? undefined : location.href);
  url.searchParams.set('api', UPLOAD_API);
  return url.toString();
};

/** One attempt over XMLHttpRequest, the one browser API that reports upload progress. */
const attempt = (
  url: string,
  form: FormData,
  headers: Headers,
  settings: ProgressUploadSettings,
  call: ProgressUploadCall,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const settle = () => call.signal?.removeEventListener('abort', abort);
    const fail = (reason: 'network' | 'timeout' | 'abort') => () => {
      settle();
      reject(new TransportError(UPLOAD_API, reason));
    };
    if (call.signal?.aborted) return fail('abort')();
    xhr.open('POST', url);
    xhr.withCredentials = settings.credentials === 'include';
    xhr.timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS * 6;
    headers.forEach((value, name) => {
      xhr.setRequestHeader(name, value);
    });
    xhr.upload.onprogress = (event) =>
      call.onProgress?.({
        loaded: event.loaded,
        ...(event.lengthComputable ? { total: event.total } : {}),
      });
    xhr.onload = () => {
      settle();
      const retryAfterMs = parseRetryAfter(xhr.getResponseHeader('retry-after'));
      resolve({
        status: xhr.status,
        text: xhr.responseText,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    };
    xhr.onerror = fail('network');
    xhr.ontimeout = fail('timeout');
    xhr.onabort = fail('abort');
    call.signal?.addEventListener('abort', abort);
    xhr.send(form);
  });

/**
 * Uploads to the proxy's upload route (`?api=storage.upload`, multipart `file` and
 * `executionId`) and reports progress; answers and errors read like the client's own.
 */
export const createProgressUploader = (settings: ProgressUploadSettings): ProgressUploader => {
  const policy = mergeRetryPolicy(settings.retry);
  let url: string | undefined;
  return (input, call = {}) => {
    url ??= uploadUrl(settings.proxyUrl);
    const target = url;
    return withRetry(
      UPLOAD_API,
      async () => {
        const form = new FormData();
        form.set('file', input.file, input.filename);
        form.set('executionId', input.executionId);
        const extra =
          typeof settings.headers === 'function' ? await settings.headers() : settings.headers;
        const answer = await attempt(target, form, new Headers(extra), settings, call);
        // The proxy checked the storage service's answer against the contract.
        return openAnswer(UPLOAD_API, answer) as UploadResult;
      },
      { policy, ...(call.signal ? { signal: call.signal } : {}) },
    );
  };
};
