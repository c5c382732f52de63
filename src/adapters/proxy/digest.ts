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
