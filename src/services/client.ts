import { bodyReaderUpTo, DEFAULT_MAX_ANSWER_BYTES } from './answer-text.js';
import { composeGatewayClient } from './compose-client.js';
import { scrubbingCredentials } from './credential-scrub.js';
import { redirectRefusingFetch } from './redirect-refusing-fetch.js';
import { createHmacSigner } from './sign.js';
import type { GatewayClient, GatewayClientOptions, Uploader } from './types.js';
import { createStorageUploader, storageUrlFor } from './upload.js';
import { zodWireCodec } from './zod-codec.js';

export { API_VERSION } from './compose-client.js';

const missingStorage: Uploader = () =>
  Promise.reject(
    new TypeError('upload needs storageUrl: the gateway URL does not end in /gateway'),
  );

/**
 * A client of the vendor's gateway: one typed function per method, each validating the
 * input with the contract's schemas, signing the exact bytes it sends (once: every retry
 * sends the same bytes and signature), sending them with ky (retries, `Retry-After`,
 * back-off with jitter, per-attempt timeout) and answering validated data or a typed error.
 *
 * Signing: `sign` if given, else HMAC-SHA256 with `apiSecret`. With neither, requests go
 * out unsigned (no `sign` parameter) and a custom `fetch` is required: it is the transport
 * to a proxy in the host's backend that checks the caller and signs, so a browser never
 * holds the secret. `fetch` (any: undici's own with a dispatcher, a tracer, a test double)
 * is called as `fetch(url, init)`: the URL with `api`, `apiVersion`, `apiKey` (and `sign`),
 * `init` with method, headers, body, signal and `redirect: 'manual'`. Without one, the
 * platform's fetch is asked to refuse redirects itself (`redirectRefusingFetch`: cheaper in
 * Node, the same refusal, the 3xx status then hidden as a browser hides it).
 *
 * A gateway's message that repeats the request's URL is told without the apiKey and the
 * signature (`[apiKey]`, `sign=[sign]`).
 *
 * An answer longer than `maxAnswerBytes` (default 4 MiB) is refused before it is all read,
 * as an answer nobody can read: a broken or hostile gateway cannot make the process hold
 * more per call, however long it streams.
 *
 * The options are read once; the client is frozen, and per-call `retry`/`timeoutMs`
 * override them for that call only.
 */
export const createGatewayClient = (options: GatewayClientOptions): GatewayClient => {
  const { apiKey, domainId, apiSecret } = options;
  const signer = options.sign ?? (apiSecret ? createHmacSigner(apiSecret) : undefined);
  // Unsigned requests go only to a proxy that signs: the host's own fetch to it.
  if (!signer && !options.fetch) {
    throw new TypeError(
      'createGatewayClient needs apiSecret or sign, or a fetch to a proxy that signs',
    );
  }
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  if (!(Number.isInteger(maxAnswerBytes) && maxAnswerBytes > 0)) {
    throw new RangeError('createGatewayClient: maxAnswerBytes must be a positive integer');
  }
  const client = composeGatewayClient(
    {
      ...options,
      fetch: options.fetch ?? redirectRefusingFetch,
      readBody: bodyReaderUpTo(maxAnswerBytes),
    },
    {
      codec: zodWireCodec,
      signer,
      uploader: (transport, gatewayUrl) => {
        const storageUrl = options.storageUrl ?? storageUrlFor(gatewayUrl);
        return storageUrl
          ? createStorageUploader({ storageUrl, apiKey, domainId, transport })
          : missingStorage;
      },
    },
  );
  return scrubbingCredentials(client, apiKey);
};
