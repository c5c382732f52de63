import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlinesInReach } from '../../src/adapters/node/deadlines-in-reach.js';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { type RunHeadlessOptions, runHeadless } from '../../src/adapters/node/run-headless.js';
import type { PersistedFlow } from '../../src/machine/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';

/**
 * A flow saved by a clock that ran ahead (NTP then stepped it back, a VM restored with
 * another time): its waits end hours away. Restored, it must read the gateway at once, not
 * sit silent until then.
 */

const HOURS_2 = 2 * 3600_000;

/** Every wait deadline in the saved flow's actors, moved `ms` later. */
const shifted = (persisted: PersistedFlow, ms: number): PersistedFlow => {
  const copy = structuredClone(persisted);
  const children = (
    copy.snapshot as { children: Record<string, { snapshot: { input?: Record<string, number> } }> }
  ).children;
  for (const child of Object.values(children)) {
    const input = child.snapshot.input;
    for (const field of ['notBefore', 'until']) {
      if (input && typeof input[field] === 'number') input[field] += ms;
    }
  }
  return copy;
};

describe('a saved flow whose waits end hours away', () => {
  let sandbox: Sandbox;
  let profile: CustomerProfile;
  beforeAll(async () => {
    [sandbox, profile] = await Promise.all([
      startSandbox({ speed: 25, scenario: 'manual-review' }),
      loadProfile(resolve('examples/profiles/jane-doe.json')),
    ]);
  });
  afterAll(() => sandbox?.close());

  it('reads the gateway at once when resumed, and ends with the decision', async () => {
    const client = createGatewayClient({
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
    });
    const store = createMemorySnapshotStore();
    const options: RunHeadlessOptions = {
      client,
      customer: { customerId: 'C_clock_ahead', email: 'clock@example.com' },
      responder: createProfileResponder(profile, { upload: client.upload }),
      polling: { timeScale: 25 },
      store,
      key: 'clock',
      review: 'stop',
    };
    const stopped = await runHeadless(options);
    expect(stopped).toMatchObject({ status: 'pendingReview' });
    const saved = await store.load('clock');
    if (!saved) throw new Error('the flow was not saved');
    await store.save('clock', shifted(saved, HOURS_2));
    sandbox.admin.decideReview(
      String((stopped as { executionId: string }).executionId),
      'APPROVED',
    );

    const started = Date.now();
    const resumed = await runHeadless({ ...options, review: 'wait' });
    expect(resumed).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    // Well within the policy's own first read after a restore, nowhere near two hours.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('leaves a deadline within the policy alone, and gives back the same flow when nothing moved', () => {
    const now = 1_000_000_000_000;
    const flow = (notBefore: number): PersistedFlow => ({
      version: 1,
      snapshot: {
        context: { polling: { maxReviewIntervalMs: 300_000, timeScale: 1 } },
        children: { poll: { src: 'pollExecution', snapshot: { input: { notBefore } } } },
      },
    });
    const near = flow(now + 300_000);
    expect(deadlinesInReach(near, now)).toBe(near);
    const far = deadlinesInReach(flow(now + HOURS_2), now);
    expect(far.snapshot).toMatchObject({
      children: { poll: { snapshot: { input: { notBefore: now } } } },
    });
  });

  it("keeps a gateway's Retry-After whole: its wait is in reach, and written ahead it counts from now", () => {
    const now = 1_000_000_000_000;
    const suspended = (notBefore: number): PersistedFlow => ({
      version: 1,
      snapshot: {
        context: { polling: { timeScale: 1 }, timing: { retryAfterMs: HOURS_2, notBefore } },
        children: { wait: { src: 'wait', snapshot: { input: { until: notBefore } } } },
      },
    });
    // The two hours the gateway asked for, saved a minute ago: left as they are.
    const asked = suspended(now - 60_000 + HOURS_2);
    expect(deadlinesInReach(asked, now)).toBe(asked);
    // Saved by a clock days ahead: the wait is due, and the gateway's time two hours from now.
    const ahead = deadlinesInReach(suspended(now + 24 * HOURS_2), now);
    expect(ahead.snapshot).toMatchObject({
      context: { timing: { notBefore: now + HOURS_2 } },
      children: { wait: { snapshot: { input: { until: now } } } },
    });
  });
});
