import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from '../../src/adapters/node/file-snapshot-store.js';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { createRedisSnapshotStore } from '../../src/adapters/node/redis-snapshot-store.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import type { SnapshotStore } from '../../src/adapters/node/snapshot-store.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * One saved flow resumed by two runs at once, outside the queue (two cron jobs, two hosts
 * handed the same record): each loads the snapshot; unfenced, both would poll, answer and
 * save, the last writer winning. The run that claims the flow first goes on; the other is
 * refused, typed, before it makes a single gateway call, and nothing is sent twice.
 */

const SPEED = 25;
let sandbox: Sandbox;
let profile: CustomerProfile;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: SPEED });
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});
afterAll(() => sandbox.close());

/** A client of its own for each run, counting the gateway calls that run makes. */
function countingClient() {
  const counted = { calls: 0 };
  const client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
    fetch: (input, init) => {
      counted.calls += 1;
      return globalThis.fetch(input, init);
    },
  });
  return { client, counted };
}

let customers = 0;

/**
 * A flow begun and parked at its first node (the responder had no data yet), then resumed
 * by two runs at once, each with its own store (as two processes have) and its own client.
 */
async function twoResumesAtOnce(storeOf: () => SnapshotStore) {
  customers += 1;
  const customer = {
    customerId: `C_resume_race_${customers}+minimal`,
    email: `resume-race-${customers}@example.com`,
  };
  const first = countingClient();
  const parked = await runHeadless({
    client: first.client,
    customer,
    polling: { timeScale: SPEED },
    responder: { respond: async () => [] },
    store: storeOf(),
    park: { whenIdleForMs: 60_000 },
  });
  expect(parked.status).toBe('parked');
  const repeatsBefore = sandbox.stats().repeatsAnswered;

  const runs = [countingClient(), countingClient()];
  const results = await Promise.allSettled(
    runs.map(({ client }) =>
      runHeadless({
        client,
        customer,
        polling: { timeScale: SPEED },
        responder: createProfileResponder(profile, { upload: client.upload }),
        store: storeOf(),
      }),
    ),
  );
  const stats = sandbox.stats();
  return {
    results,
    calls: runs.map(({ counted }) => counted.calls),
    executions: stats.executions.filter((one) => one.customerId === customer.customerId),
    repeats: stats.repeatsAnswered - repeatsBefore,
    effects: stats.effects,
  };
}

function expectOneRunGoesOn(outcome: Awaited<ReturnType<typeof twoResumesAtOnce>>) {
  const { results, calls, executions, repeats, effects } = outcome;
  expect(executions).toHaveLength(1);
  const goesOn = results.findIndex((result) => result.status === 'fulfilled');
  const refusedAt = results.findIndex((result) => result.status === 'rejected');
  expect(goesOn).not.toBe(-1);
  expect(refusedAt).not.toBe(-1);
  expect(results[goesOn]).toMatchObject({
    value: { status: 'completed', executionId: executions[0]?.executionId },
  });
  const refused = (results[refusedAt] as PromiseRejectedResult).reason;
  expect(refused).toBeInstanceOf(SnapshotStoreError);
  expect(refused).toMatchObject({ code: 'SNAPSHOT_OWNER', retryable: false });
  expect(String(refused)).toMatch(/another run saved this flow after this run read it/);
  // Refused before any gateway call; the other run's answers each reached the gateway once.
  expect(calls[refusedAt]).toBe(0);
  expect(calls[goesOn]).toBeGreaterThan(0);
  expect(repeats).toBe(0);
  expect(Object.values(effects).every((applied) => applied === 1)).toBe(true);
}

describe('two runs resuming one saved flow at once', () => {
  it('file store (one directory, a store each): one goes on, the other refused before any call', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-resume-race-'));
    try {
      expectOneRunGoesOn(await twoResumesAtOnce(() => createFileSnapshotStore({ directory })));
      // One snapshot, no guard or temporary file left behind.
      expect(await readdir(directory)).toHaveLength(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('memory store: one goes on, the other refused before any call', async () => {
    const store = createMemorySnapshotStore();
    expectOneRunGoesOn(await twoResumesAtOnce(() => store));
  });

  it('a store without loadRevision still resumes (unfenced, as documented)', async () => {
    const memory = createMemorySnapshotStore();
    const plain: SnapshotStore = {
      load: (key) => memory.load(key),
      save: (key, persisted, options) => memory.save(key, persisted, options),
      delete: (key) => memory.delete(key),
    };
    const { results } = await twoResumesAtOnce(() => plain);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
  });
});

describeWithRedis('two runs resuming one saved flow at once, on a real redis-server', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  it('Redis store (a client each): one goes on, the other refused before any call', async () => {
    const storeOf = () => {
      const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
      clients.push(redis);
      return createRedisSnapshotStore({ redis });
    };
    expectOneRunGoesOn(await twoResumesAtOnce(storeOf));
  });
});
