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
import type { GatewayClient } from '../../src/services/types.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * One customer run twice at once under one key (a cron job started again while the last one
 * still runs, two processes handed the same record): the customer has no referenceId, so
 * each fresh run would make its own, and the gateway would start two executions and be sent
 * the customer's data twice. One run begins the flow; the other is refused, typed, having
 * sent nothing, and the saved flow is the one that runs.
 */

const SPEED = 25;
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

/** Two runs of one new customer at once, each with its own store (as two processes have). */
async function twoRunsAtOnce(storeOf: () => SnapshotStore) {
  customers += 1;
  const customerId = `C_same_key_${customers}+minimal`;
  const run = () =>
    runHeadless({
      client,
      customer: { customerId, email: `same-key-${customers}@example.com` },
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
      store: storeOf(),
    });
  const results = await Promise.allSettled([run(), run()]);
  const executions = sandbox.stats().executions.filter((one) => one.customerId === customerId);
  const ended = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const refused = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason] : [],
  );
  return { executions, ended, refused };
}

function expectOneFlow({ executions, ended, refused }: Awaited<ReturnType<typeof twoRunsAtOnce>>) {
  expect(executions).toHaveLength(1);
  expect(ended).toEqual([
    expect.objectContaining({ status: 'completed', executionId: executions[0]?.executionId }),
  ]);
  expect(refused).toEqual([expect.any(SnapshotStoreError)]);
  expect(refused[0]).toMatchObject({ code: 'SNAPSHOT_OWNER', retryable: false });
  expect(String(refused[0])).toMatch(/another run began this flow/);
}

describe('two fresh runs of one customer under one key, at once', () => {
  it('file store (one directory, a store each): one execution; the other run refused, typed', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-same-key-'));
    try {
      const outcome = await twoRunsAtOnce(() => createFileSnapshotStore({ directory }));
      expectOneFlow(outcome);
      const files = await readdir(directory);
      expect(files).toHaveLength(1);
      const saved = await createFileSnapshotStore({ directory }).load(
        decodeURIComponent(String(files[0]).replace(/\.json$/, '')),
      );
      expect(JSON.stringify(saved)).toContain(String(outcome.executions[0]?.executionId));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('memory store: one execution; the other run refused, typed', async () => {
    const store = createMemorySnapshotStore();
    expectOneFlow(await twoRunsAtOnce(() => store));
  });
});

describeWithRedis('two fresh runs of one customer under one key, on a real redis-server', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('Redis store: one execution; the other run refused, typed', async () => {
    expectOneFlow(await twoRunsAtOnce(() => createRedisSnapshotStore({ redis })));
  });
});
