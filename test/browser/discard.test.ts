import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserFlow, FlowStore } from '../../src/adapters/browser/index.js';
import { createBrowserFlow } from '../../src/adapters/browser/index.js';
import { type ProxyHarness, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { memoryStore, viewWhere } from '../support/browser-flow.js';

const SPEED = 100;

let harness: ProxyHarness;
beforeAll(async () => {
  harness = await startProxyHarness({ sandbox: { speed: SPEED, seed: 11 } });
});
afterAll(() => harness.close());

const flows: BrowserFlow[] = [];
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
});

const browserFlow = (customerId: string, store: FlowStore) => {
  const flow = createBrowserFlow({
    proxyUrl: harness.proxyUrl,
    customer: { customerId, email: 'discard@example.com' },
    storage: store,
    headers: { authorization: `Bearer ${TOKENS.alice}` },
    polling: { timeScale: SPEED, jitter: 0 },
    retry: { limit: 0 },
  });
  flows.push(flow);
  return flow;
};

describe('discard() while someone holds the flow', () => {
  it('puts a fresh flow for the same customer in its place: subscribers see it, run() starts again', async () => {
    const store = memoryStore();
    const flow = browserFlow('C_discard_1+minimal', store).run();
    const first = await viewWhere(flow, (view) => view.step === 'particulars');
    const seen: string[] = [];
    flow.subscribe((view) => seen.push(view.step));
    const emitted: string[] = [];
    flow.on('nodeWaiting', (event) => emitted.push(event.step));

    flow.discard();
    // Nothing of the discarded execution is kept: a reload would not bring it back.
    expect([...store.items.values()].join()).not.toContain(first.executionId);
    expect(flow.getView()).toMatchObject({ step: 'idle', expects: ['START'], done: false });
    expect(flow.getView().executionId).toBeUndefined();
    expect(seen).toEqual(['idle']);

    flow.run();
    const second = await viewWhere(flow, (view) => view.step === 'particulars');
    expect(second.executionId).toBeDefined();
    expect(second.executionId).not.toBe(first.executionId);
    expect(emitted).toEqual(['particulars']);
    // The new flow is saved again, under the same customer's key.
    expect([...store.items.keys()]).toEqual([flow.storageKey]);
    flow.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
    await viewWhere(flow, (view) => view.step === 'liveness');
  });

  it('after an outcome, starts a new verification on run()', async () => {
    const flow = browserFlow('C_discard_2+minimal', memoryStore()).run();
    await viewWhere(flow, (view) => view.step === 'particulars');
    flow.send({ type: 'CANCEL' });
    await viewWhere(flow, (view) => view.done);
    flow.discard();
    expect(flow.getView().done).toBe(false);
    await viewWhere(flow.run(), (view) => view.step === 'particulars');
  });
});
