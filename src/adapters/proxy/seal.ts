const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes of the AES-GCM nonce, fresh for every seal. */
const NONCE_BYTES = 12;

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/**
 * Seals what the flows store keeps (a flow's snapshot holds personal data: names, OCR
 * results, an email): AES-GCM under a key derived from the API secret, bound to the
 * entry it is kept under, so that a copy of the store (a Redis dump, a backup) reads as
 * noise, and a sealed snapshot moved to another entry does not open. WebCrypto, so it runs
 * in every fetch runtime.
 */
export interface Sealer {
  seal(text: string, boundTo: string): Promise<string>;
  /** The text, or `undefined` when it does not open (another secret, another entry, edited). */
  open(sealed: string, boundTo: string): Promise<string | undefined>;
}

export const createSealer = (secret: string): Sealer => {
  let key: Promise<CryptoKey> | undefined;
  const keyOf = () => {
    key ??= (async () => {
      const { subtle } = globalThis.crypto;
      const hmac = { name: 'HMAC', hash: 'SHA-256' };
      const signing = await subtle.importKey('raw', encoder.encode(secret), hmac, false, ['sign']);
      const derived = await subtle.sign('HMAC', signing, encoder.encode('kyc-flow flows v1'));
      return subtle.importKey('raw', derived, 'AES-GCM', false, ['encrypt', 'decrypt']);
    })();
    return key;
  };
  return {
    async seal(text, boundTo) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const params = { name: 'AES-GCM', iv, additionalData: encoder.encode(boundTo) };
      const sealed = await globalThis.crypto.subtle.encrypt(
        params,
        await keyOf(),
        encoder.encode(text),
      );
      const joined = new Uint8Array(NONCE_BYTES + sealed.byteLength);
      joined.set(iv);
      joined.set(new Uint8Array(sealed), NONCE_BYTES);
      return toBase64(joined);
    },
    async open(sealed, boundTo) {
      try {
        const bytes = fromBase64(sealed);
        const iv = bytes.subarray(0, NONCE_BYTES);
        const params = { name: 'AES-GCM', iv, additionalData: encoder.encode(boundTo) };
        const text = await globalThis.crypto.subtle.decrypt(
          params,
          await keyOf(),
          bytes.subarray(NONCE_BYTES),
        );
        return decoder.decode(text);
      } catch {
        return undefined;
      }
    },
  };
};
