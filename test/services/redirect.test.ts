import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient, TransportError } from '../../src/services/index.js';
import { failure } from '../support/failure.js';

let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.url ?? '');
    request.resume();
    if (request.url?.startsWith('/gateway')) {
      response.writeHead(307, { location: `${base}/elsewhere` }).end();
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

describe('createGatewayClient: redirects', () => {
  it('refuses a redirect: the signed call never goes where Location points', async () => {
    const client = createGatewayClient({
      gatewayUrl: `${base}/gateway`,
      apiKey: 'ak_test',
      apiSecret: 'sk_test',
      domainId: 'dom_test',
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'network' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((url) => url.startsWith('/gateway?'))).toBe(true);
  });
});
