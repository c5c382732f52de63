import { readData } from './envelope.js';
import { createTransport, type Transport, type TransportSettings } from './transport.js';
import type { Uploader } from './types.js';
import { uploadForm } from './upload-form.js';
import { uploadResponse } from './wire/methods.js';
import { UPLOAD_API } from './wire/upload-api.js';

/**
 * Where the vendor's storage service sits next to a gateway: the last path segment
 * `gateway` becomes `storage`. `undefined` when the gateway URL does not end that way.
 */
export const storageUrlFor = (gatewayUrl: string | URL): string | undefined => {
  const url = new URL(gatewayUrl);
  if (!/\/gateway\/?$/.test(url.pathname)) return undefined;
  url.pathname = url.pathname.replace(/gateway(\/?)$/, 'storage$1');
  url.search = '';
  return url.toString();
};

export interface StorageUploaderOptions extends TransportSettings {
  readonly storageUrl: string;
  readonly apiKey: string;
  readonly domainId: string;
  /** Reuse a client's transport (its fetch, timeout and retry policy) instead of a new one. */
  readonly transport?: Transport;
}

/**
 * The default uploader: `POST {storageUrl}` multipart (`file`, `executionId`), answered by
 * an envelope whose `data` is `{ url }`. The storage service is undocumented, so this is
 * an assumption and uploading is pluggable (`options.upload`). A repeated upload stores a
 * second copy and returns another URL, which is harmless, so uploads are retried too.
 */
export const createStorageUploader = (options: StorageUploaderOptions): Uploader => {
  const transport = options.transport ?? createTransport(options);
  const url = new URL(options.storageUrl);
  url.searchParams.set('apiKey', options.apiKey);
  const target = url.toString();
  const headers = { 'x-domain': options.domainId };
  return async (input, callOptions) => {
    const delivery = { url: target, body: uploadForm(input), headers };
    const data = await transport(UPLOAD_API, delivery, callOptions);
    return readData(UPLOAD_API, uploadResponse, data);
  };
};
