import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import { createGatewayClient } from '../../src/services/client.js';
import { envelope, FAKE_CREDENTIALS, fakeFetchGateway } from '../support/fake-fetch-gateway.js';

/**
 * A backend hands its one shutdown signal to every run in flight, as the README invites
 * ("thousands of runHeadless calls can share one process"). Node must not take that for a
 * leak, the signal must still stop every run, and nothing of the runs may stay on it.
 */
describe('one signal shared by many runs at once', () => {
  it('stops them all without a MaxListenersExceededWarning, and keeps no listener', async () => {
    const RUNS = 40;
    const gateway = fakeFetchGateway(({ api, body }) => {
      if (api === 'workflow.applicant.register') return envelope({ customerId: body.customerId });
      if (api === 'workflow.apply.submit') {
        return envelope({ executionId: `exec-${body.customerId}`, status: 'CREATED' });
      }
      return envelope({ executionId: body.executionId, status: 'RUNNING' });
    });
    const client = createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch });
    const store = createMemorySnapshotStore();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const shutdown = new AbortController();
    const polling: string[] = [];
    try {
      const runs = Array.from({ length: RUNS }, (_, i) =>
        runHeadless({
          client,
          customer: { customerId: `C_${i}`, referenceId: `ref-${i}` },
          responder: { respond: async () => [] },
          store,
          signal: shutdown.signal,
          onEvent: (event) => {
            if (event.type === 'state' && event.step === 'polling') polling.push(`C_${i}`);
          },
        }).catch((caught: unknown) => caught),
      );
      await expect.poll(() => new Set(polling).size, { timeout: 10_000 }).toBe(RUNS);
      const reason = new Error('shutting down');
      shutdown.abort(reason);
      expect(await Promise.all(runs)).toEqual(Array.from({ length: RUNS }, () => reason));
      // Node tells a warning on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.includes('MaxListeners'))).toEqual([]);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on a signal that never aborts once the runs are over', async () => {
    const gateway = fakeFetchGateway(({ api, body }) => {
      if (api === 'workflow.applicant.register') return envelope({ customerId: body.customerId });
      if (api === 'workflow.apply.submit') {
        return envelope({ executionId: `exec-${body.customerId}`, status: 'CREATED' });
      }
      return envelope({
        executionId: body.executionId,
        status: 'COMPLETED',
        result: { decision: 'APPROVED' },
      });
    });
    const client = createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch });
    const lifetime = new AbortController();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runHeadless({
          client,
          customer: { customerId: `C_${i}`, referenceId: `ref-${i}` },
          responder: { respond: async () => [] },
          signal: lifetime.signal,
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('completed'));
    expect(getEventListeners(lifetime.signal, 'abort')).toHaveLength(0);
  });
});
