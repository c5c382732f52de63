import type { Signer } from './types.js';

const encoder = new TextEncoder();

const toHex = (bytes: Uint8Array): string => {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
};

/**
 * HMAC-SHA256 through WebCrypto, which runs in Node 20 and in browsers (though a browser
 * should never hold the secret: it sends through a proxy that signs). The key is imported
 * once per signer.
 */
export const createWebCryptoHmacSigner = (secret: string): Signer => {
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

/** The part of `node:crypto` the signer uses. */
interface NodeCrypto {
  createHmac(
    algorithm: 'sha256',
    key: string,
  ): {
    update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string };
  };
}

interface NodeProcess {
  getBuiltinModule?(id: 'node:crypto'): NodeCrypto | undefined;
}

/**
 * `node:crypto` when the runtime has it, looked up at run time (no import), so that this
 * module stays browser-safe. Node signs in one synchronous call, where WebCrypto hands every
 * signature to a job queue and a worker thread.
 */
const nodeCrypto = (): NodeCrypto | undefined =>
  (globalThis as { process?: NodeProcess }).process?.getBuiltinModule?.('node:crypto');

/**
 * HMAC-SHA256 of the exact body bytes (UTF-8), keyed with the API secret, as 64 lowercase
 * hex characters: `node:crypto` in Node (20.16 and later), WebCrypto anywhere else.
 */
export const createHmacSigner = (secret: string): Signer => {
  const crypto = nodeCrypto();
  if (!crypto) return createWebCryptoHmacSigner(secret);
  return async (body) => crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex');
};
