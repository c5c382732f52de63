import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { customerFor, flowFor, openSandbox } from '../machine/sandbox-harness.js';
import { hostFromView } from '../resilience/view-host.js';

/** The guide: "poll every 2–5 s". The floor is its lower bound, by default. */
const FLOOR_MS = 2_000;

/** The closest two status reads of one execution came, by the sandbox's own log. */
const closestReads = (sandbox: Sandbox, executionId: string): number => {
  const reads = sandbox.stats().statusReads[executionId] ?? [];
  let closest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < reads.length; i += 1) {
    closest = Math.min(closest, (reads[i] ?? 0) - (reads[i - 1] ?? 0));
  }
  return closest;
};

describe('the polling floor, against a sandbox at real speed', () => {
  it('never reads one execution’s status twice within 2 s, submissions and watches included', async () => {
    const sandbox = await openSandbox({ speed: 1, scenario: 'minimal' });
    // A host that answers at once: the fast look after each submission meets the floor.
    const { flow } = flowFor(sandbox, customerFor(), { speed: 1 });
    const stop = hostFromView(flow);
    flow.start();
    const outcome = await flow.whenDone();
    stop();
    expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    const reads = sandbox.stats().statusReads[outcome.executionId ?? ''] ?? [];
    expect(reads.length).toBeGreaterThan(2);
    expect(closestReads(sandbox, outcome.executionId ?? '')).toBeGreaterThanOrEqual(FLOOR_MS);
  }, 40_000);
});
