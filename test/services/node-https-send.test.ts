import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient, TransportError } from '../../src/services/index.js';
import { failure } from '../support/failure.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const cert = fixture('localhost-cert.pem');

let server: https.Server;
let gatewayUrl: string;
const original = https.globalAgent;

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
  https.globalAgent = original;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = () =>
  createGatewayClient({
    gatewayUrl,
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'dom_test',
    retry: { limit: 0 },
  });

describe('createGatewayClient in Node over https', () => {
  it('refuses a certificate nobody vouches for', async () => {
    const error = await failure(client().register({ customerId: 'C_TLS' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'network' });
  });

  it('sends through the agent the host installed (here: one that trusts our CA)', async () => {
    https.globalAgent = new https.Agent({ ca: cert, keepAlive: true });
    const answer = await client().register({ customerId: 'C_TLS' });
    expect(answer.customerId).toBe('C_TLS');
  });
});
