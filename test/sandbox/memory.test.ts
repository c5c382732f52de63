import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import {
  createSandboxGateway,
  isSandboxMemory,
  type SandboxGateway,
  sandboxMemoryIssue,
} from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';

const SPEED = 200;
const customer = { customerId: 'C_memory+full', email: 'memory@example.com' };

/** A client of `gateway` in this process (its Hono app answers each request). */
const clientOf = (gateway: SandboxGateway) =>
  createGatewayClient({
    gatewayUrl: 'http://sandbox.test/gateway',
    storageUrl: 'http://sandbox.test/storage',
    ...gateway.credentials,
    fetch: async (input, init) => gateway.app.fetch(new Request(input, init)),
  });

describe('a sandbox started from what another remembered', () => {
  it('carries on its executions: a flow saved against the first finishes on the second, started once', async () => {
    const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
    const store = createMemorySnapshotStore();
    const first = createSandboxGateway({ speed: SPEED, seed: 3 });
    const stop = new AbortController();
    const client = clientOf(first);
    const stopped = runHeadless({
      client,
      customer,
      store,
      key: 'memory',
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
      signal: stop.signal,
      // Stopped as the third node waits: particulars and the document already answered.
      onEvent: (event) => {
        if (event.type === 'state' && event.step === 'liveness') stop.abort(new Error('stop'));
      },
    });
    await expect(stopped).rejects.toThrow('stop');
    const memory = JSON.parse(JSON.stringify(first.remember()));
    expect(isSandboxMemory(memory)).toBe(true);

    const second = createSandboxGateway({ speed: SPEED, seed: 4, memory });
    const again = clientOf(second);
    const result = await runHeadless({
      client: again,
      customer,
      store,
      key: 'memory',
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: again.upload }),
    });
    expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    const stats = second.stats();
    // Nothing registered or started again; the nodes answered before are not answered again.
    expect([stats.registrations, stats.starts]).toEqual([0, 0]);
    expect(stats.calls['workflow.kyc.ocr'] ?? 0).toBe(0);
    expect(stats.calls['workflow.kyc.particular.data'] ?? 0).toBe(0);
    expect(stats.executions.map((execution) => execution.status)).toEqual(['COMPLETED']);
  });

  it('refuses what is not a memory of one, naming the field at fault', () => {
    expect(isSandboxMemory({ version: 2, customers: [] })).toBe(false);
    expect(isSandboxMemory('{}')).toBe(false);
    expect(isSandboxMemory(null)).toBe(false);
    const gateway = createSandboxGateway({ speed: SPEED });
    const memory = JSON.parse(JSON.stringify(gateway.remember()));
    expect(sandboxMemoryIssue(memory)).toBeUndefined();
    const damaged = {
      ...memory,
      executions: [{ executionId: 'exec-1', customerId: 'C_1', referenceId: 'r' }],
    };
    expect(sandboxMemoryIssue(damaged)).toMatch(/^executions\.0\.scenario: /);
    expect(() => createSandboxGateway({ memory: damaged })).toThrow(
      /^memory: not what a sandbox remembers \(executions\.0\.scenario: /,
    );
  });
});
