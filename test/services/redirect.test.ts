import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayFetch } from '../../src/adapters/queue/gateway-fetch.js';
import { createGatewayClient, TransportError } from '../../src/services/index.js';
import { failure } from '../support/failure.js';

let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.url ?? '');
    request.resume();
    const url = new URL(request.url ?? '/', base);
    if (url.pathname === '/gateway') {
      const status = Number(url.searchParams.get('status'));
      response.writeHead(status, { location: `${base}/elsewhere` }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data: { customerId: 'C_1' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

const clientTo = (status: number, fetch?: typeof globalThis.fetch) =>
  createGatewayClient({
    gatewayUrl: `${base}/gateway?status=${status}`,
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'dom_test',
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 },
    ...(fetch && { fetch }),
  });

describe('createGatewayClient: redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'refuses a %i at once: the signed call never goes where Location points',
    async (status) => {
      const error = await failure(clientTo(status).register({ customerId: 'C_1' }));
      expect(error).toBeInstanceOf(TransportError);
      // Node's fetch refuses it itself (redirect: 'error'): the 3xx is hidden, as in a browser.
      expect(error).toMatchObject({ failure: 'redirect', status: 0, retryable: false });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^\/gateway\?/);
    },
  );

  it.each([301, 302, 307])(
    "through the host's own fetch: asked not to follow, the %i refused with its status",
    async (status) => {
      const modes: Array<RequestRedirect | undefined> = [];
      const hostFetch: typeof globalThis.fetch = (input, init) => {
        modes.push(init?.redirect);
        return globalThis.fetch(input, init);
      };
      const error = await failure(clientTo(status, hostFetch).register({ customerId: 'C_1' }));
      expect(error).toMatchObject({ failure: 'redirect', status, retryable: false });
      expect(modes).toEqual(['manual']);
      expect(seen).toHaveLength(1);
    },
  );

  it("through a queue worker's pooled fetch (undici's own): refused by undici, once", async () => {
    const pooled = createGatewayFetch({ maxConnections: 2 });
    try {
      const error = await failure(clientTo(302, pooled.fetch).register({ customerId: 'C_1' }));
      expect(error).toMatchObject({ failure: 'redirect', status: 0, retryable: false });
      expect(seen).toHaveLength(1);
    } finally {
      await pooled.close();
    }
  });

  it('a network failure through the default fetch stays a network failure (retryable), no redirect', async () => {
    const closed = `http://127.0.0.1:1/gateway`;
    const client = createGatewayClient({
      gatewayUrl: closed,
      apiKey: 'ak_test',
      apiSecret: 'sk_test',
      domainId: 'dom_test',
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toMatchObject({ failure: 'network', retryable: true });
  });
});
