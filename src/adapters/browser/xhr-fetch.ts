import { opaqueRedirect } from '../../services/redirect-refusing-fetch.js';
import type { StallError } from './browser-upload.js';
import type { UploadProgress } from './types.js';
import { watchStall } from './upload-stall.js';

/** Statuses whose Response may carry no body. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const headersOf = (xhr: XMLHttpRequest): Headers => {
  const headers = new Headers();
  for (const line of xhr.getAllResponseHeaders().split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
};

const bodyOf = (init: RequestInit): XMLHttpRequestBodyInit | null => {
  const { body } = init;
  if (body instanceof ReadableStream) {
    throw new TypeError('XMLHttpRequest cannot send a streamed body');
  }
  return body ?? null;
};

/**
 * A `fetch` over XMLHttpRequest, the one browser API that reports upload progress, so an
 * upload goes through ky like every other call (retries, timeout, typed errors) and still
 * tells the page how far it got. Aborts with the signal (ky's timeout, the caller's abort),
 * and when the body stalls (`upload-stall.ts`): then with `stalled()`'s error, which ky
 * tries again.
 */
export const xhrFetch =
  (stalled: StallError, onProgress?: (progress: UploadProgress) => void): typeof globalThis.fetch =>
  (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted) return reject(signal.reason);
      const xhr = new XMLHttpRequest();
      const abort = () => xhr.abort();
      const unwatch = watchStall(xhr.upload, () => {
        // Settled first: the abort that follows finds the promise already rejected.
        reject(stalled());
        xhr.abort();
      });
      const done = () => {
        unwatch();
        signal?.removeEventListener('abort', abort);
      };
      const url = input instanceof Request ? input.url : String(input);
      xhr.open(init.method ?? 'GET', url);
      xhr.withCredentials = init.credentials === 'include';
      xhr.responseType = 'arraybuffer';
      new Headers(init.headers).forEach((value, name) => {
        xhr.setRequestHeader(name, value);
      });
      xhr.upload.onprogress = (event) =>
        onProgress?.({
          loaded: event.loaded,
          ...(event.lengthComputable ? { total: event.total } : {}),
        });
      xhr.onload = () => {
        done();
        if (xhr.status < 200 || xhr.status > 599) {
          reject(new TypeError(`no usable answer (status ${xhr.status})`));
          return;
        }
        // XMLHttpRequest follows every redirect, where fetch is told not to: one followed is
        // handed on as the opaque redirect fetch gives (a sign-in layer's way to the login
        // page is no upload's answer).
        if (
          xhr.responseURL &&
          xhr.responseURL !== new URL(url, xhr.responseURL).href.replace(/#.*/, '')
        ) {
          resolve(opaqueRedirect());
          return;
        }
        const body = NULL_BODY_STATUSES.has(xhr.status) ? null : (xhr.response as ArrayBuffer);
        resolve(new Response(body, { status: xhr.status, headers: headersOf(xhr) }));
      };
      xhr.onerror = () => {
        done();
        reject(new TypeError('the upload failed on the network'));
      };
      xhr.onabort = () => {
        done();
        reject(signal?.reason ?? new DOMException('The upload was aborted.', 'AbortError'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      xhr.send(bodyOf(init));
    });
