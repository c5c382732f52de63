import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBindings, DEFAULT_QUOTAS } from '../../src/adapters/proxy/index.js';
import { type CallerName, type ProxyHarness, startProxyHarness, TOKENS } from './harness.js';
import { SAMPLES, uploadForm } from './samples.js';

/**
 * Every upload the proxy forwards is a file of up to 10 MiB in the storage service the host
 * pays for. Within its calls per minute alone (120), one signed-in account with one flow
 * could store 1.2 GiB a minute, for as long as its flow lives.
 */
describe('attack: one account filling the storage service the host pays for', () => {
  let harness: ProxyHarness;
  let clock = Date.parse('2030-01-01T00:00:10Z');
  const executions: Partial<Record<CallerName, string>> = {};
  const storageCalls = () => harness.sandbox.stats().calls['storage.upload'] ?? 0;
  const upload = (caller: CallerName) =>
    fetch(`${harness.proxyUrl}?api=storage.upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS[caller]}` },
      body: uploadForm(SAMPLES.png, executions[caller] ?? '', { type: 'image/png' }),
    });

  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        // The default uploads per minute; the minute on a clock of the test's own.
        quotas: { bindingsPerCaller: 100, callsPerMinute: 1_000, keptFlowsPerCaller: 3 },
        bindings: createMemoryBindings({ now: () => clock }),
      },
    });
    for (const caller of ['alice', 'bob'] as const) {
      const client = harness.client(caller);
      const customerId = `C_volume_${caller}`;
      await client.register({ customerId });
      const started = await client.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: `ref-${customerId}` },
      });
      executions[caller] = started.executionId;
    }
  });
  afterAll(() => harness.close());

  it('stores at most quotas.uploadsPerMinute of her files a minute, then 429 with the wait', async () => {
    const perMinute = DEFAULT_QUOTAS.uploadsPerMinute;
    expect(perMinute).toBe(10);
    const before = storageCalls();
    for (let index = 0; index < perMinute; index += 1) {
      expect((await upload('alice')).status).toBe(200);
    }
    const refused = await upload('alice');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { apiMsg: string }).apiMsg).toMatch(
      /^PROXY_TOO_MANY_UPLOADS.*\(10 a minute\)/,
    );
    expect(refused.headers.get('retry-after')).toBe('50');
    expect(storageCalls()).toBe(before + perMinute);

    // Another customer's upload is not hers to spend.
    expect((await upload('bob')).status).toBe(200);
    // The next minute, her flow uploads again.
    clock += 50_000;
    expect((await upload('alice')).status).toBe(200);
    expect(storageCalls()).toBe(before + perMinute + 2);
  });
});
