import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient, TransportError } from '../../src/services/index.js';
import { failure } from '../support/failure.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const cert = fixture('localhost-cert.pem');

let server: https.Server;
let gatewayUrl: string;

beforeAll(async () => {
  server = https.createServer({ cert, key: fixture('localhost-key.pem') }, (request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data: { customerId: 'C_TLS' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (fetch?: typeof globalThis.fetch) =>
  createGatewayClient({
    gatewayUrl,
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'dom_test',
    retry: { limit: 0 },
    ...(fetch ? { fetch } : {}),
  });

describe('createGatewayClient in Node over https', () => {
  it('refuses a certificate nobody vouches for', async () => {
    const error = await failure(client().register({ customerId: 'C_TLS' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'network' });
  });

  it("sends through the host's own fetch and dispatcher (here: undici's, trusting our CA)", async () => {
    const dispatcher = new Agent({ connect: { ca: cert } });
    let calls = 0;
    // What a host with its own trust store or egress proxy passes: undici's fetch, as it is.
    const fetch = (url: string, init: Parameters<typeof undiciFetch>[1]) => {
      calls += 1;
      return undiciFetch(url, { ...init, dispatcher });
    };
    // undici's own types and the DOM lib describe the same fetch in different words.
    const hostFetch = fetch as unknown as typeof globalThis.fetch;
    try {
      await expect(client(hostFetch).register({ customerId: 'C_TLS' })).resolves.toEqual({
        customerId: 'C_TLS',
      });
      expect(calls).toBe(1);
    } finally {
      await dispatcher.close();
    }
  });
});
