import { createHmac } from 'node:crypto';
import ky from 'ky';
import { createGatewayClient } from '../src/services/client.js';
import { createPlainGateway } from './plain-gateway.js';
import { sandboxHost } from './sandbox-host.js';
import { round } from './statistics.js';

/** CPU microseconds this process spends per request, by way of sending. */
export interface RequestCost {
  /** `fetch` + `node:crypto` + `response.json()`: the plain script's call. */
  readonly fetch: number;
  /** The same request through ky (retry and timeout on, as the client sets them). */
  readonly ky: number;
  /** `createGatewayClient`: validation, signing, ky, the envelope and its schema. */
  readonly client: number;
  /** What ky adds to a bare fetch, per request. */
  readonly kyShare: number;
  readonly requests: number;
}

type Send = () => Promise<unknown>;

/** CPU µs per request of `send`, `count` requests, `concurrency` at a time, after a warm-up. */
async function cpuPerRequest(send: Send, count: number, concurrency: number): Promise<number> {
  const run = async (total: number) => {
    let next = 0;
    const worker = async () => {
      while (next++ < total) await send();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(Math.min(count, 500));
  const cpu = process.cpuUsage();
  await run(count);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / count;
}

/**
 * ky's own share of the client's CPU: one idempotent call (`register` of the same customer)
 * made many times to the sandbox in a process of its own, three ways. Context, not a budget.
 */
export async function measureRequestCost(requests = 3000, concurrency = 20): Promise<RequestCost> {
  const host = await sandboxHost('process');
  try {
    const sandbox = await host.start({ speed: 1_000_000, seed: 1, scenario: 'full' });
    const { gatewayUrl, storageUrl, credentials } = sandbox;
    const input = { customerId: 'C_request_cost' };
    const plain = createPlainGateway({ gatewayUrl, storageUrl, ...credentials });
    const client = createGatewayClient({ gatewayUrl, storageUrl, ...credentials });
    const api = ky.create({ method: 'post', retry: { limit: 3, methods: ['post'] } });
    const viaKy: Send = () => {
      const body = JSON.stringify(input);
      const sign = createHmac('sha256', credentials.apiSecret).update(body).digest('hex');
      const query = new URLSearchParams({
        api: 'workflow.applicant.register',
        apiVersion: '1.0.0',
        apiKey: credentials.apiKey,
        sign,
      });
      const headers = { 'content-type': 'application/json', 'x-domain': credentials.domainId };
      return api(`${gatewayUrl}?${query}`, { body, headers }).json();
    };
    const figures = {
      fetch: await cpuPerRequest(
        () => plain.call('workflow.applicant.register', input),
        requests,
        concurrency,
      ),
      ky: await cpuPerRequest(viaKy, requests, concurrency),
      client: await cpuPerRequest(() => client.register(input), requests, concurrency),
    };
    await sandbox.close();
    return {
      fetch: round(figures.fetch, 0),
      ky: round(figures.ky, 0),
      client: round(figures.client, 0),
      kyShare: round(figures.ky - figures.fetch, 0),
      requests,
    };
  } finally {
    await host.dispose();
  }
}
