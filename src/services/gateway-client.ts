import { composeGatewayClient } from './compose-client.js';
import type { GatewayClient, GatewayClientOptions, HttpSend, Signer, WireCodec } from './types.js';
import { createStorageUploader, storageUrlFor } from './upload.js';
import { zodWireCodec } from './zod-codec.js';

export { API_VERSION } from './compose-client.js';

/**
 * The gateway client over one way of sending a request (`send`): `node:http` or `fetch` in
 * `createGatewayClient`, `fetch` in the browser's proxy client. `hmac` signs with `apiSecret`;
 * passed in so that a client that never holds a secret does not carry the signer. `codec`
 * handles the wire: the contract's schemas unless told otherwise. Uploads go to the storage
 * service next to the gateway unless `options.upload` says otherwise.
 */
export const buildGatewayClient = (
  options: GatewayClientOptions,
  send: HttpSend,
  hmac?: (secret: string) => Signer,
  codec: WireCodec = zodWireCodec,
): GatewayClient => {
  const { apiKey, domainId, apiSecret } = options;
  return composeGatewayClient(options, {
    send,
    codec,
    signer: options.sign ?? (apiSecret && hmac ? hmac(apiSecret) : undefined),
    uploader: (transport, gatewayUrl) => {
      const storageUrl = options.storageUrl ?? storageUrlFor(gatewayUrl);
      return storageUrl
        ? createStorageUploader({ storageUrl, apiKey, domainId, transport })
        : () =>
            Promise.reject(
              new TypeError('upload needs storageUrl: the gateway URL does not end in /gateway'),
            );
    },
  });
};
