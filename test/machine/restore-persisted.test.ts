import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/index.js';
import type { PersistedFlow } from '../../src/machine/types.js';
import { createFinishingClient } from '../resilience/finishing-client.js';
import { hostFromView } from '../resilience/view-host.js';
import { runOnFakeClock, settle } from './fake-clock.js';

/**
 * Snapshots persisted by kyc-flow 0.1 before its chart carried its own meta and tags (one
 * per kind of state: each actor in flight, each wait, the host's turn): a flow saved then
 * restores now, in the same state, and carries on to its end.
 */
const FIXTURE = new URL('./fixtures/persisted-0.1.ndjson', import.meta.url);
const saved = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { state: string; persisted: PersistedFlow });
const customer = { email: 'graph@example.com', phone: '+6590000000', referenceId: 'ref-graph' };

runOnFakeClock();

describe('a flow persisted by the previous version of the chart', () => {
  it.each(saved.map(({ state, persisted }) => [state, persisted] as const))(
    'restores at %s and carries on to its end',
    async (state, persisted) => {
      const { client } = createFinishingClient();
      const flow = createKycFlow({ client, customer, snapshot: persisted }).start();
      expect(flow.getView().state).toBe(state);
      const stop = hostFromView(flow);
      await expect(settle(flow.whenDone())).resolves.toMatchObject({ status: 'completed' });
      stop();
    },
  );
});
