import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHmacSigner } from '../../src/services/index.js';
import { createWebCryptoHmacSigner } from '../../src/services/sign.js';
import { anyText } from '../support/any-text.js';

const nodeHmac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

describe('createHmacSigner', () => {
  it('gives 64 lowercase hex characters, the same as node:crypto on the same bytes', async () => {
    const sign = createHmacSigner('sk_sandbox');
    const body = '{"executionId":"exec-1"}';
    const signature = await sign(body);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signature).toBe(nodeHmac('sk_sandbox', body));
  });

  it('signs UTF-8 bytes, so non-ASCII names and emoji match node:crypto', async () => {
    const sign = createHmacSigner('sk_ünïcødé');
    const body = JSON.stringify({ name: 'Zoë Łukasiewicz 陳大文 🚀', address: 'Straße 1' });
    expect(await sign(body)).toBe(nodeHmac('sk_ünïcødé', body));
  });

  it('matches node:crypto for any secret and any body', async () => {
    await fc.assert(
      fc.asyncProperty(anyText({ minLength: 1 }), anyText(), async (secret, body) => {
        expect(await createHmacSigner(secret)(body)).toBe(nodeHmac(secret, body));
      }),
      { numRuns: 200 },
    );
  });

  it('changes when one byte of the body changes', async () => {
    const sign = createHmacSigner('sk_sandbox');
    expect(await sign('{"a":1}')).not.toBe(await sign('{"a":2}'));
  });
});

describe('createWebCryptoHmacSigner (the signer where node:crypto is not at hand)', () => {
  it('matches node:crypto for any secret and any body, one key import serving many calls', async () => {
    const sign = createWebCryptoHmacSigner('sk_ünïcødé');
    await fc.assert(
      fc.asyncProperty(anyText(), async (body) => {
        expect(await sign(body)).toBe(nodeHmac('sk_ünïcødé', body));
      }),
      { numRuns: 100 },
    );
  });

  it('is what createHmacSigner falls back to without process.getBuiltinModule', async () => {
    const original = process.getBuiltinModule;
    Object.defineProperty(process, 'getBuiltinModule', { value: undefined, configurable: true });
    try {
      const sign = createHmacSigner('sk_sandbox');
      expect(await sign('{"a":1}')).toBe(nodeHmac('sk_sandbox', '{"a":1}'));
    } finally {
      Object.defineProperty(process, 'getBuiltinModule', { value: original, configurable: true });
    }
  });
});
