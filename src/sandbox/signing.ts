const encoder = new TextEncoder();

const fromHex = (hex: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
};

/**
 * Checks `sign` = HMAC-SHA256 of the exact body bytes as received, keyed with the API
 * secret, 64 lowercase hex. WebCrypto (constant-time verify), so the app runs in any
 * fetch runtime.
 */
export function createSignatureCheck(secret: string) {
  const key = globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return async (body: Uint8Array<ArrayBuffer>, sign: string | undefined): Promise<boolean> => {
    const mac = sign === undefined ? undefined : fromHex(sign);
    if (!mac) return false;
    return globalThis.crypto.subtle.verify('HMAC', await key, mac, body);
  };
}
