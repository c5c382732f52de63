import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createProfileResponder,
  createRedisSnapshotStore,
  loadProfile,
  runHeadless,
  SnapshotStoreError,
} from '../../src/adapters/node/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import { persistedFlow } from '../support/persisted-flow.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

const flow = persistedFlow;

async function storeError(promise: Promise<unknown>): Promise<SnapshotStoreError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SnapshotStoreError);
  return error as SnapshotStoreError;
}

describeWithRedis('the Redis snapshot store, on a real redis-server', () => {
  let server: RedisServer;
  let redis: Redis;
  let stores = 0;
  const prefix = () => `test:${++stores}:`;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('saves, loads and deletes a flow under its prefix; an unknown key loads as nothing', async () => {
    const store = createRedisSnapshotStore({ redis, prefix: 'mine:' });
    await expect(store.load('ref-1')).resolves.toBeUndefined();
    await store.save('ref-1', flow('polling'));
    await store.save('ref-1', flow('liveness'));
    await expect(store.load('ref-1')).resolves.toEqual(flow('liveness'));
    expect(await redis.keys('*')).toEqual(['mine:ref-1']);
    await store.delete('ref-1');
    await expect(store.load('ref-1')).resolves.toBeUndefined();
    await store.delete('ref-1');
  });

  it('refuses what is not a snapshot of this flow, naming the key, instead of a fresh start', async () => {
    const own = prefix();
    const store = createRedisSnapshotStore({ redis, prefix: own });
    await store.save('k', flow('x'));
    // Someone copied one flow's snapshot over another's.
    await redis.copy(`${own}k`, `${own}moved`);
    const moved = await storeError(store.load('moved'));
    expect(moved.code).toBe('SNAPSHOT_KEY');
    expect(moved.message).toContain(`Redis key ${own}moved`);

    await redis.set(`${own}junk`, '{"kind":"kyc-flow.snapshot","formatV');
    expect((await storeError(store.load('junk'))).code).toBe('SNAPSHOT_CORRUPT');
    await redis.set(`${own}other`, '{"hello":"world"}');
    expect((await storeError(store.load('other'))).code).toBe('SNAPSHOT_CORRUPT');
  });

  it('turns a Redis that cannot be reached into a retryable SNAPSHOT_IO error', async () => {
    const gone = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    gone.disconnect();
    const store = createRedisSnapshotStore({ redis: gone });
    const error = await storeError(store.save('k', flow('x')));
    expect(error.code).toBe('SNAPSHOT_IO');
    expect(error.retryable).toBe(true);
  });

  it('lets a flow parked by one process resume in another, on the same execution', async () => {
    const sandbox: Sandbox = await startSandbox({ speed: 25 });
    try {
      const client = createGatewayClient({
        gatewayUrl: sandbox.gatewayUrl,
        storageUrl: sandbox.storageUrl,
        ...sandbox.credentials,
      });
      const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
      const shared = prefix();
      const run = {
        client,
        customer: { customerId: 'C_redis_1+manual-review', email: 'redis-1@example.com' },
        polling: { timeScale: 25 },
        responder: createProfileResponder(profile, { upload: client.upload }),
        key: 'flow-1',
        park: { whenIdleForMs: 500 },
      };
      const parked = await runHeadless({
        ...run,
        store: createRedisSnapshotStore({ redis, prefix: shared }),
      });
      expect(parked).toMatchObject({ status: 'parked', step: 'pendingReview' });
      if (parked.status !== 'parked' || !parked.executionId) throw new Error('not parked');
      sandbox.admin.decideReview(parked.executionId, 'REJECTED');
      // Woken when the flow's next status read is due (a delayed job's time).
      await new Promise((done) => setTimeout(done, Math.max(parked.wakeAt - Date.now(), 0)));

      // Another process: its own connection to the same Redis.
      const elsewhere = new Redis(server.url);
      try {
        const done = await runHeadless({
          ...run,
          store: createRedisSnapshotStore({ redis: elsewhere, prefix: shared }),
        });
        expect(done).toMatchObject({
          status: 'completed',
          decision: 'REJECTED',
          executionId: parked.executionId,
        });
      } finally {
        elsewhere.disconnect();
      }
      const stats = sandbox.stats();
      expect([stats.registrations, stats.starts]).toEqual([1, 1]);
      expect(Object.values(stats.effects).every((count) => count === 1)).toBe(true);
    } finally {
      await sandbox.close();
    }
  });

  it('fences saves by revision in one script: a save based on a replaced revision writes nothing', async () => {
    const own = prefix();
    const store = createRedisSnapshotStore({ redis, prefix: own });
    await store.save('k', flow('a'), { onlyNew: true, revision: 'r1' });
    expect(await store.loadRevision?.('k')).toEqual({ persisted: flow('a'), revision: 'r1' });
    await store.save('k', flow('b'), { revision: 'r2', basedOn: 'r1' });
    const refused = await storeError(store.save('k', flow('c'), { revision: 'r3', basedOn: 'r1' }));
    expect(refused).toMatchObject({ code: 'SNAPSHOT_OWNER', key: 'k', retryable: false });
    expect(refused.message).toContain(`Redis key ${own}k`);
    expect(await store.loadRevision?.('k')).toEqual({ persisted: flow('b'), revision: 'r2' });
    // A snapshot an older build saved, with no revision: claimed as revision ''.
    await store.save('old', flow('x'), { revision: 'gone' });
    const text = String(await redis.get(`${own}old`));
    await redis.set(`${own}old`, text.replace('"revision":"gone",', ''));
    expect(await store.loadRevision?.('old')).toEqual({ persisted: flow('x'), revision: '' });
    await store.save('old', flow('y'), { revision: 'r1', basedOn: '' });
    expect((await storeError(store.save('old', flow('z'), { basedOn: '' }))).code).toBe(
      'SNAPSHOT_OWNER',
    );
    await store.delete('k');
    expect((await storeError(store.save('k', flow('d'), { basedOn: 'r2' }))).code).toBe(
      'SNAPSHOT_OWNER',
    );
    expect(await redis.exists(`${own}k`)).toBe(0);
  });

  it('offers no fencing over a client that runs no scripts, and still saves', async () => {
    const own = prefix();
    const plain = {
      get: (key: string) => redis.get(key),
      set: (key: string, value: string) => redis.set(key, value),
      del: (key: string) => redis.del(key),
    };
    const store = createRedisSnapshotStore({ redis: plain, prefix: own });
    expect(store.loadRevision).toBeUndefined();
    await store.save('k', flow('a'));
    await expect(store.load('k')).resolves.toEqual(flow('a'));
  });
});
