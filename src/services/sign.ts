import type { Signer } from './types.js';

const encoder = new TextEncoder();

const toHex = (bytes: Uint8Array): string => {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
};

/**
 * HMAC-SHA256 of the exact body bytes (UTF-8), keyed with the API secret, as 64 lowercase
 * hex characters. WebCrypto, so the same signer runs in Node 20 and in browsers (though a
 * browser should never hold the secret: it sends through a proxy that signs).
 */
export const createHmacSigner = (secret: string): Signer => {
  let key: Promise<CryptoKey> | undefined;
  const importKey = (): Promise<CryptoKey> =>
    globalThis.crypto.subtle
      .importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      .catch((error: unknown) => {
        // A failed import must not poison every later call.
        key = undefined;
        throw error;
      });
  return async (body) => {
    key ??= importKey();
    const mac = await globalThis.crypto.subtle.sign('HMAC', await key, encoder.encode(body));
    return toHex(new Uint8Array(mac));
  };
};
