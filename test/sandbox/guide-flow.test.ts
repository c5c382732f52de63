import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { driveGuideFlow, GUIDE_NODE_TYPES } from './guide-flow.js';
import { rawClient } from './raw-client.js';

describe('a raw client following only the guide', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 50, seed: 7 });
  });
  afterAll(() => sandbox.close());

  it('drives the full scenario over loopback HTTP to COMPLETED/APPROVED through all seven node types', async () => {
    const client = rawClient(sandbox.gatewayUrl, sandbox.credentials);
    const { final, visited } = await driveGuideFlow(client);
    expect(visited).toEqual(GUIDE_NODE_TYPES);
    expect(final.status).toBe('COMPLETED');
    expect(final.result?.decision).toBe('APPROVED');
    const stats = sandbox.stats();
    expect(stats.registrations).toBe(1);
    expect(stats.starts).toBe(1);
    expect(Math.max(...Object.values(stats.effects))).toBe(1);
  });
});
