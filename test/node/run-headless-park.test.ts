import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import { nextWakeAt } from '../../src/adapters/node/next-wake.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import type { Responder } from '../../src/adapters/node/responder.js';
import type { HeadlessEvent } from '../../src/adapters/node/run-events.js';
import { type RunHeadlessOptions, runHeadless } from '../../src/adapters/node/run-headless.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import type { GatewayClient } from '../../src/services/types.js';

/**
 * A run with `park` lets go of a flow that only waits on its own clock, saved with the time
 * it next acts; a later run (a worker's delayed job) resumes it on the same execution.
 */

const SPEED = 25;
/** The review pace at this speed, its jitter included (30 s × 1.2 ÷ 25). */
const REVIEW_WAIT_MS = (30_000 * 1.2) / SPEED;
const park = { whenIdleForMs: 500 };
let sandbox: Sandbox;
let client: GatewayClient;
let profile: CustomerProfile;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: SPEED });
  client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
  });
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});
afterAll(() => sandbox.close());

let customers = 0;
function options(scenario: string, extra: Partial<RunHeadlessOptions> = {}) {
  customers += 1;
  return {
    client,
    customer: {
      customerId: `C_park_${customers}+${scenario}`,
      email: `park-${customers}@example.com`,
    },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    store: createMemorySnapshotStore(),
    key: `park-${customers}`,
    ...extra,
  } satisfies RunHeadlessOptions;
}

const statusReadsOf = (executionId: string) =>
  sandbox.stats().statusReads[executionId]?.length ?? 0;
const untilTime = (at: number) =>
  new Promise((done) => setTimeout(done, Math.max(at - Date.now(), 0)));
const everyEffectOnce = () => Object.values(sandbox.stats().effects).every((count) => count === 1);

describe('runHeadless with park', () => {
  it('parks a flow in manual review until its next status read, and a later run completes it once decided', async () => {
    const run = options('manual-review');
    const before = sandbox.stats();
    const parked = await runHeadless({ ...run, park });
    expect(parked).toMatchObject({
      status: 'parked',
      step: 'pendingReview',
      executionId: expect.any(String),
    });
    if (parked.status !== 'parked') return;
    const executionId = parked.executionId ?? '';
    expect(parked.wakeAt - Date.now()).toBeLessThanOrEqual(REVIEW_WAIT_MS);
    const saved = await run.store.load(run.key);
    expect(saved && nextWakeAt(saved)).toBe(parked.wakeAt);

    // Woken too early, it parks again at once, for the same time, without asking the gateway.
    const reads = statusReadsOf(executionId);
    await expect(runHeadless({ ...run, park: { whenIdleForMs: 100 } })).resolves.toEqual(parked);
    expect(statusReadsOf(executionId)).toBe(reads);

    sandbox.admin.decideReview(executionId, 'APPROVED');
    await untilTime(parked.wakeAt);
    const events: HeadlessEvent[] = [];
    const done = await runHeadless({ ...run, park, onEvent: (event) => events.push(event) });
    expect(done).toMatchObject({ status: 'completed', decision: 'APPROVED', executionId });
    expect(events[0]).toMatchObject({ type: 'resumed', key: run.key });
    expect(events.some((event) => event.type === 'answering')).toBe(false);
    const after = sandbox.stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.starts - before.starts).toBe(1);
    expect(everyEffectOnce()).toBe(true);
  });

  it('parks a node whose data the responder does not have yet, and a later run answers it once', async () => {
    let asked = 0;
    const notYet: Responder = {
      respond: () => {
        asked += 1;
        return [];
      },
    };
    const run = options('minimal');
    // However far off parking would otherwise be: nothing this run does would answer the node.
    const parked = await runHeadless({
      ...run,
      responder: notYet,
      park: { whenIdleForMs: 3_600_000 },
    });
    expect(parked).toMatchObject({ status: 'parked', step: 'particulars' });
    expect(asked).toBe(1);

    // The data is there now: the host runs the flow again at once, without waiting for wakeAt.
    const done = await runHeadless({ ...run, park });
    expect(done).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    expect(
      sandbox.stats().executions.filter((e) => e.customerId === run.customer.customerId),
    ).toHaveLength(1);
    expect(everyEffectOnce()).toBe(true);
  });

  it('needs a store, and says so before anything is sent', async () => {
    const before = sandbox.stats().registrations;
    const { store: _, ...withoutStore } = options('minimal');
    await expect(runHeadless({ ...withoutStore, park })).rejects.toThrow(/needs a `store`/);
    expect(sandbox.stats().registrations).toBe(before);
  });
});
