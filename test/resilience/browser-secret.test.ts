import { describe, expect, it } from 'vitest';
import { createBrowserFlow, createProxyClient } from '../../src/adapters/browser/index.js';

/**
 * The browser entry holds no secret: it cannot be given one, and whatever a plain
 * JavaScript caller smuggles in, nothing it sends is signed or carries it.
 */

const SECRET = 'sk_must_never_leave_the_server';

describe('the browser entry and the API secret', () => {
  it('refuses a secret where the flow is created, by type and at run time', () => {
    expect(() =>
      createBrowserFlow({
        proxyUrl: 'https://host.example/api/kyc',
        customer: { customerId: 'C_1' },
        storage: false,
        // @ts-expect-error the type says `never`: a secret does not compile
        apiSecret: SECRET,
      }),
    ).toThrow(/apiSecret/);
  });

  it('sends nothing signed and never the secret, even when one is smuggled into the proxy client', async () => {
    const sent: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      sent.push(
        [request.url, JSON.stringify([...request.headers]), await request.clone().text()].join(
          '\n',
        ),
      );
      return new Response(JSON.stringify({ apiCode: 200, data: { customerId: 'C_1' } }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    const client = createProxyClient('https://host.example/api/kyc', {
      fetch,
      ...({ apiSecret: SECRET } as object),
    });
    await client.register({ customerId: 'C_1' });
    await client
      .upload({ file: new Blob(['x']), filename: 'x.png', executionId: 'exec-1' })
      .catch(() => undefined);
    expect(sent.length).toBe(2);
    for (const request of sent) {
      expect(request).not.toContain(SECRET);
      expect(new URL(request.split('\n')[0] ?? '').searchParams.has('sign')).toBe(false);
    }
  });
});

describe('the built browser bundle', () => {
  it('carries no signing path: neither the signer module nor an HMAC key import', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: ['src/adapters/browser/index.ts', 'src/adapters/react/index.ts'],
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: 'node_modules/.cache/kyc-flow-secret-check',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['react', 'react-dom'],
    });
    const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
      Object.keys(output.inputs),
    );
    expect(
      inputs.some((input) => input.endsWith('src/adapters/browser/create-browser-flow.ts')),
    ).toBe(true);
    expect(inputs.filter((input) => input.endsWith('src/services/sign.ts'))).toEqual([]);
    for (const file of result.outputFiles) {
      expect(file.text, file.path).not.toMatch(/HMAC|importKey/);
    }
  });
});
