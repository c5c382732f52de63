import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import {
  createKycQueue,
  jobIdOf,
  type KycQueue,
  type KycWorkerEvent,
} from '../../src/adapters/queue/index.js';
import { ownedSnapshots } from '../../src/adapters/queue/owned-snapshots.js';
import { createKycFlow } from '../../src/machine/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';
import {
  type FleetWorker,
  readyKey,
  type ScaleJobData,
  startWorker,
  stopWorker,
} from './support/worker-fleet.js';

/**
 * A worker frozen longer than its job lock (a stop-the-world pause, SIGSTOP, a VM
 * migration) loses its flow to another worker. When it wakes it must let the flow go: no
 * second outcome, no write over the flow the other worker ran to its end.
 */

const QUEUE = 'lock-lost';
const SPEED = 50;
const LOCK_MS = 1_000;

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
};

const of = (worker: FleetWorker, jobId: string, type: KycWorkerEvent['type']) =>
  worker.events.filter((event) => event.type === type && 'jobId' in event && event.jobId === jobId);

describeWithRedis('a worker frozen past its job lock', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let queue: KycQueue<ScaleJobData>;
  let hostData: Redis;
  const workers: FleetWorker[] = [];

  beforeAll(async () => {
    [redis, sandbox] = await Promise.all([startRedisServer(), startSandbox({ speed: SPEED })]);
    queue = createKycQueue({ connection: redis.url, name: QUEUE });
    hostData = new Redis(redis.url);
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGCONT');
    await Promise.all(workers.map((worker) => stopWorker(worker, 'SIGKILL')));
    hostData?.disconnect();
    await queue?.close();
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  const spawnWorker = async () => {
    const worker = startWorker({
      redisUrl: redis.url,
      queue: QUEUE,
      sandbox,
      speed: SPEED,
      lockMs: LOCK_MS,
    });
    workers.push(worker);
    await worker.ready;
    return worker;
  };

  it('lets the flow go when it wakes: the worker that took it over ends it, once, and nothing is written after', async () => {
    const customer = { customerId: 'C_frozen', email: 'frozen@example.com' };
    const jobId = jobIdOf(customer);
    const first = await spawnWorker();
    await queue.enqueue(customer, { data: { held: true } });
    // Running in the first worker, at the particulars its customer has not given yet.
    await until('the first worker at the particulars', async () => {
      const job = await queue.queue.getJob(jobId);
      return job?.progress === 'particulars';
    });
    first.child.kill('SIGSTOP');
    const second = await spawnWorker();
    await until('the second worker to take the flow over', () =>
      of(second, jobId, 'running').some((event) => event.type === 'running' && event.resumed),
    );
    await hostData.set(readyKey(jobId), '1');
    await until('the second worker to end the flow', () => of(second, jobId, 'done').length > 0);
    const snapshot = `bull:${QUEUE}:kyc:snapshot:${jobId}`;
    expect(await hostData.exists(snapshot)).toBe(0);

    first.child.kill('SIGCONT');
    await until('the first worker to wake', () =>
      ['lockLost', 'done'].some((type) => of(first, jobId, type as 'done').length > 0),
    );
    // Time for anything it still had in hand to land.
    await new Promise((done) => setTimeout(done, 1_500));
    expect(of(first, jobId, 'lockLost')).toHaveLength(1);
    expect(of(first, jobId, 'done')).toEqual([]);
    expect(await hostData.exists(snapshot)).toBe(0);
    const counts = await queue.counts();
    expect(counts.outcomes).toEqual({ approved: 1 });
    expect(counts.states).toMatchObject({ completed: 1, failed: 0, active: 0 });
    const stats = sandbox.stats();
    expect(stats.registrations).toBe(1);
    expect(stats.starts).toBe(1);
    expect(Object.values(stats.effects).filter((count) => count !== 1)).toEqual([]);
  }, 60_000);

  it('does not onboard again a flow that ended in a worker killed before BullMQ marked its job completed', async () => {
    // A queue of its own: the workers of the other tests take no job of this one.
    const ended = createKycQueue({ connection: redis.url, name: 'ended' });
    const worker = (killOnDone: boolean) => {
      const started = startWorker({
        redisUrl: redis.url,
        queue: 'ended',
        sandbox,
        speed: SPEED,
        lockMs: LOCK_MS,
        killOnDone,
      });
      workers.push(started);
      return started;
    };
    try {
      const customer = { customerId: 'C_ended+minimal', email: 'ended@example.com' };
      const jobId = jobIdOf(customer);
      const first = worker(true);
      await first.ready;
      await ended.enqueue(customer);
      await first.exited;
      expect(of(first, jobId, 'done')).toHaveLength(1);
      expect((await ended.queue.getJob(jobId))?.finishedOn).toBeUndefined();
      const calls = { ...sandbox.stats().calls };

      const second = worker(false);
      await second.ready;
      await until('the job to be completed', async () => {
        return (await ended.queue.getJob(jobId))?.finishedOn !== undefined;
      });
      const job = await ended.queue.getJob(jobId);
      expect(job?.returnvalue).toMatchObject({ outcome: 'approved', status: 'completed' });
      // Nothing was sent again: no second registration, start or read for a decided customer.
      expect(sandbox.stats().calls).toEqual(calls);
      expect(of(second, jobId, 'running')).toEqual([]);
      expect((await ended.counts()).outcomes).toEqual({ approved: 1 });
    } finally {
      await ended.close();
    }
  }, 60_000);

  it("refuses a write of a flow whose job lock is not the writer's, typed, and writes nothing", async () => {
    const connection = new Redis(redis.url);
    try {
      const prefix = `bull:${QUEUE}:kyc:snapshot:`;
      const lock = `bull:${QUEUE}:job-x:lock`;
      const retentionMs = 60_000;
      const storeOf = ownedSnapshots(connection, {
        name: QUEUE,
        snapshotPrefix: prefix,
        retentionMs,
      });
      const store = storeOf('job-x', 'token-mine');
      const persisted = createKycFlow({
        client: {
          gatewayUrl: 'http://127.0.0.1:1/gateway',
          apiKey: 'k',
          apiSecret: 's',
          domainId: 'd',
        },
        customer: { customerId: 'C_x' },
      }).persist();
      await hostData.set(lock, 'token-theirs');
      const refused = await store.save('job-x', persisted).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SnapshotStoreError);
      expect(refused).toMatchObject({ code: 'SNAPSHOT_OWNER', key: 'job-x', retryable: false });
      expect(await hostData.exists(`${prefix}job-x`)).toBe(0);
      const onlyNew = { onlyNew: true };
      await expect(store.save('job-x', persisted, onlyNew)).rejects.toMatchObject({
        code: 'SNAPSHOT_OWNER',
      });
      await hostData.set(lock, 'token-mine');
      await store.save('job-x', persisted, onlyNew);
      // A flow begun there already is not begun again over it.
      const taken = await store.save('job-x', persisted, onlyNew).catch((error: unknown) => error);
      expect(String(taken)).toMatch(/another run began this flow/);
      await store.save('job-x', persisted);
      expect(await hostData.exists(`${prefix}job-x`)).toBe(1);
      // Kept for the retention from its last save, no longer (personal data).
      const ttl = await hostData.pttl(`${prefix}job-x`);
      expect(ttl).toBeGreaterThan(retentionMs - 5_000);
      expect(ttl).toBeLessThanOrEqual(retentionMs);
      await hostData.del(lock);
      await expect(store.delete('job-x')).rejects.toMatchObject({ code: 'SNAPSHOT_OWNER' });
      expect(await hostData.exists(`${prefix}job-x`)).toBe(1);
    } finally {
      connection.disconnect();
    }
  });
});
