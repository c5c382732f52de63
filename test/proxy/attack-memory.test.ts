import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createGatewayProxy } from '../../src/adapters/proxy/index.js';
import { authorizeByToken, TOKENS } from './harness.js';

// A collection on demand, so that what is measured is what stays reachable.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const heapAfterCollection = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** A gateway that refuses every call, as it refuses an id it does not accept. */
const refusingGateway: typeof globalThis.fetch = async () =>
  new Response(JSON.stringify({ apiCode: 999301, apiMsg: 'invalid request', data: null }), {
    headers: { 'content-type': 'application/json' },
  });

const MiB = 1024 * 1024;

describe('attack 1: memory exhaustion by one signed-in caller', () => {
  it('keeps the heap flat through 2,000 refused registers of 60 KiB customerIds', async () => {
    const proxy = createGatewayProxy({
      gatewayUrl: 'http://gateway.invalid/gateway',
      apiKey: 'ak_test',
      apiSecret: 'sk_test',
      domainId: 'domain',
      authorize: authorizeByToken,
      claimCustomers: 'first-caller',
      // Generous, so that what refuses them is the proxy's checks, not the call quota.
      quotas: { callsPerMinute: 1_000_000 },
      fetch: refusingGateway,
    });
    const filler = 'x'.repeat(60 * 1024);
    const register = async (index: number) => {
      const response = await proxy(
        new Request('http://proxy.test/api/kyc?api=workflow.applicant.register', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.alice}` },
          body: JSON.stringify({ customerId: `C_${index}_${filler}` }),
        }),
      );
      const { apiCode } = (await response.json()) as { apiCode: number };
      return apiCode;
    };
    // Warm up what is allocated once (the signer, the schemas), then measure.
    for (let index = 0; index < 20; index += 1) await register(index);
    const before = heapAfterCollection();
    const codes = new Set<number>();
    for (let index = 20; index < 2_020; index += 1) codes.add(await register(index));
    const grown = heapAfterCollection() - before;

    // What the refused calls left behind; 2,000 kept claims would hold some 120 MiB.
    expect(grown / MiB).toBeLessThan(16);
    expect(codes.has(200)).toBe(false);
  });
});
