import { createHmacSigner } from '../../services/sign.js';
import type { Signer } from '../../services/types.js';

const encoder = new TextEncoder();

/** The part of `node:crypto` the digest uses. */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): {
    update(data: string, encoding: 'utf8'): { digest(encoding: 'base64url'): string };
  };
}

interface NodeProcess {
  getBuiltinModule?(id: 'node:crypto'): NodeCrypto | undefined;
}

/** Characters of the base64url SHA-256 kept: 132 bits, ample against collisions. */
const LENGTH = 22;

const base64url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/**
 * What the bindings store is given instead of an id: a fixed-length SHA-256 digest. Every
 * entry then costs the same few bytes whatever the id, and a store (a shared Redis
 * included) holds no customerId, email or user id. `node:crypto` where the runtime has it
 * (looked up at run time, so fetch runtimes without it load this module), WebCrypto
 * anywhere else.
 */
export type Digest = (text: string) => Promise<string>;

export const createDigest = (): Digest => {
  const crypto = (globalThis as { process?: NodeProcess }).process?.getBuiltinModule?.(
    'node:crypto',
  );
  if (crypto) {
    return async (text) =>
      crypto.createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, LENGTH);
  }
  return async (text) => {
    const hash = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
    return base64url(new Uint8Array(hash)).slice(0, LENGTH);
  };
};

/** What the identity key is derived under: no JSON, so the proxy never signs it for a caller and the key is seen nowhere. */
const IDENTITY_KEY_LABEL = 'kyc-flow: OTP identity digests, v1';

/** Hex characters of the keyed digest kept: 128 bits. */
const KEYED_LENGTH = 32;

/**
 * A keyed digest (HMAC-SHA256) for what a plain digest would give away: an OTP identity is a
 * phone number or an email, few enough that whoever reads a store (a Redis dump, a log)
 * could hash them all and find the one behind a plain digest. Keyed with a key derived
 * from the API secret, which no store holds, a digest tells nothing without the secret.
 */
export const createKeyedDigest = (secret: string): Digest => {
  let keyed: Promise<Signer> | undefined;
  const derive = () =>
    createHmacSigner(secret)(IDENTITY_KEY_LABEL)
      .then(createHmacSigner)
      .catch((error: unknown) => {
        // A failed derivation must not poison every later call.
        keyed = undefined;
        throw error;
      });
  return async (text) => {
    keyed ??= derive();
    return (await (await keyed)(text)).slice(0, KEYED_LENGTH);
  };
};
