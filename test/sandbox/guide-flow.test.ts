import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { driveGuideFlow, GUIDE_NODE_TYPES } from './guide-flow.js';
import { type Harness, harness } from './harness.js';

describe('a raw client following only the guide', () => {
  let h: Harness;
  let sandbox: Sandbox;
  beforeAll(async () => {
    // The guide's real durations, on a clock that moves a second per poll.
    h = await harness({ seed: 7 });
    sandbox = h.sandbox;
  });
  afterAll(() => sandbox.close());

  it('drives the full scenario over loopback HTTP to COMPLETED/APPROVED through all seven node types', async () => {
    const { final, visited } = await driveGuideFlow(h.client, undefined, h.wait);
    expect(visited).toEqual(GUIDE_NODE_TYPES);
    expect(final.status).toBe('COMPLETED');
    expect(final.result?.decision).toBe('APPROVED');
    const stats = sandbox.stats();
    expect(stats.registrations).toBe(1);
    expect(stats.starts).toBe(1);
    expect(Math.max(...Object.values(stats.effects))).toBe(1);
  });
});
