import { describe, expect, it } from 'vitest';
import { createKycFlow, kycFlowMachine } from '../../src/machine/index.js';
import { toPersistedFlow } from '../../src/machine/persist.js';
import type { PersistedFlow } from '../../src/machine/types.js';
import { declaredLeafStates, reachableStates } from './chart-graph.js';
import { createFinishingClient } from './finishing-client.js';
import { hostFromView } from './view-host.js';

const states = reachableStates();
const customer = { email: 'graph@example.com', phone: '+6590000000', referenceId: 'ref-graph' };

/** The flow's persisted form of a snapshot the graph found, as it would come out of storage. */
const persistedAt = (path: string): PersistedFlow => {
  const snapshot = states.get(path);
  if (!snapshot) throw new Error(`no snapshot for ${path}`);
  return JSON.parse(JSON.stringify(toPersistedFlow(kycFlowMachine.getPersistedSnapshot(snapshot))));
};

const FINAL = new Set(['completed', 'failed', 'timedOut', 'cancelled']);

describe('every state of the chart (xstate/graph)', () => {
  it('is reachable, and the graph finds no state the chart does not declare', () => {
    expect([...states.keys()].sort()).toEqual(declaredLeafStates().sort());
    // A chart this size has far more than a handful: an empty traversal must not pass.
    expect(states.size).toBeGreaterThan(30);
  });

  it.each([...states.keys()].filter((path) => !FINAL.has(path)))(
    'restores from %s into a fresh flow that carries on to its end',
    async (path) => {
      const { client, calls } = createFinishingClient();
      const persisted = persistedAt(path);
      expect(JSON.stringify(persisted)).not.toContain('"code":"123456"');
      const flow = createKycFlow({
        client,
        customer,
        snapshot: persisted,
        polling: { timeScale: 1000 },
      });
      const errors: unknown[] = [];
      flow.actor.subscribe({ error: (error) => errors.push(error) });
      flow.start();
      expect(flow.getView().state).toBe(path);
      const stop = hostFromView(flow);
      const outcome = await flow.whenDone();
      stop();
      expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });
      expect(errors).toEqual([]);
      // A restored flow never registers or starts again once it got past doing so.
      const { context } = states.get(path) ?? {};
      if (context?.customerId !== undefined) {
        expect(calls['workflow.applicant.register'] ?? 0).toBe(0);
      }
      if (context?.executionId !== undefined) {
        expect(calls['workflow.apply.submit'] ?? 0).toBe(0);
      }
    },
  );

  it.each([...FINAL])('restores the final state %s as done, sending nothing', async (path) => {
    const { client, calls } = createFinishingClient();
    const flow = createKycFlow({ client, customer, snapshot: persistedAt(path) }).start();
    expect(flow.getView()).toMatchObject({ state: path, done: true });
    await expect(flow.whenDone()).resolves.toMatchObject({ status: path });
    expect(calls).toEqual({});
  });
});
