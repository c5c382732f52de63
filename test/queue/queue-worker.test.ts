import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { kycKeys } from '../../src/adapters/queue/connection.js';
import {
  createKycQueue,
  createKycWorker,
  jobIdOf,
  type KycQueue,
  type KycWorker,
  type KycWorkerEvent,
} from '../../src/adapters/queue/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * The queue and a worker in this process, on a real redis-server and the sandbox over
 * loopback: what a host sees of one queue's jobs (ids, progress, results, counts, parking).
 */

const SPEED = 25;

describeWithRedis('kyc-flow/queue: a queue and a worker on a real redis-server', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let profile: CustomerProfile;
  let queue: KycQueue;
  let workers: KycWorker[] = [];
  let queues = 0;
  const events: KycWorkerEvent[] = [];

  beforeAll(async () => {
    [redis, sandbox, profile] = await Promise.all([
      startRedisServer(),
      startSandbox({ speed: SPEED }),
      loadProfile(resolve('examples/profiles/jane-doe.json')),
    ]);
  });
  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    workers = [];
    await queue?.close();
    events.length = 0;
  });
  afterAll(async () => {
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  /** A worker on a fresh queue, or (`again`) another worker on the current one. */
  const start = (
    extra: { parkWhenIdleForMs?: number; newerBuildWaitMs?: number; again?: boolean } = {},
  ) => {
    if (!extra.again) queues += 1;
    const name = `q${queues}`;
    if (!extra.again) queue = createKycQueue({ connection: redis.url, name });
    const worker = createKycWorker({
      connection: redis.url,
      name,
      client: { gatewayUrl: sandbox.gatewayUrl, ...sandbox.credentials },
      polling: { timeScale: SPEED },
      parkWhenIdleForMs: extra.parkWhenIdleForMs ?? 300,
      ...(extra.newerBuildWaitMs !== undefined && { newerBuildWaitMs: extra.newerBuildWaitMs }),
      closeOn: [],
      onEvent: (event) => events.push(event),
    });
    workers.push(worker);
    return worker;
  };
  const customer = (id: string, scenario: string) => ({
    customerId: `C_${id}+${scenario}`,
    email: `${id}@example.com`,
  });
  const until = async (check: () => Promise<boolean> | boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((done) => setTimeout(done, 50));
    }
  };

  it('runs a profile job to its outcome: the job result, the outcome counts, one flow per customer', async () => {
    start();
    const jane = customer('jane', 'full');
    const first = await queue.enqueue(jane, { profile });
    const again = await queue.enqueue(jane, { profile });
    expect(again.jobId).toBe(first.jobId);
    expect(first.jobId).toBe(jobIdOf(jane));
    expect(first.jobId).not.toContain('jane');
    const job = await queue.queue.getJob(first.jobId);
    await until(async () => (await job?.getState()) === 'completed');
    const done = await queue.queue.getJob(first.jobId);
    expect(done?.returnvalue).toMatchObject({ outcome: 'approved', decision: 'APPROVED' });
    expect(done?.progress).toBe('completed');
    const counts = await queue.counts();
    expect(counts.outcomes).toEqual({ approved: 1 });
    expect(counts.states).toMatchObject({ completed: 1, active: 0, waiting: 0, delayed: 0 });
    expect(await queue.outcomeOf(jane)).toBe('approved');
    expect(sandbox.stats().starts).toBe(1);
  });

  it('keeps two customers given the same referenceId apart: each onboarded, each with its own outcome', async () => {
    start();
    const referenceId = 'REF-shared-by-mistake';
    const ann = { ...customer('ann', 'quick'), referenceId };
    const bob = { ...customer('bob', 'rejected'), referenceId };
    const [a, b] = await Promise.all([
      queue.enqueue(ann, { profile }),
      queue.enqueue(bob, { profile }),
    ]);
    expect(b.jobId).not.toBe(a.jobId);
    await until(async () => (await queue.outcomeOf(bob)) !== undefined);
    await until(async () => (await queue.outcomeOf(ann)) !== undefined);
    expect(await queue.outcomeOf(ann)).toBe('approved');
    expect(await queue.outcomeOf(bob)).toBe('rejected');
    const executions = sandbox.stats().executions;
    expect(executions.filter((e) => e.customerId === ann.customerId)).toHaveLength(1);
    expect(executions.filter((e) => e.customerId === bob.customerId)).toHaveLength(1);
  });

  it('parks a flow under review (no slot held) and resumes it once decided', async () => {
    const worker = start();
    const { jobId } = await queue.enqueue(customer('rev', 'manual-review'), { profile });
    await until(() => events.some((event) => event.type === 'parked' && event.jobId === jobId));
    const job = await queue.queue.getJob(jobId);
    expect(await job?.getState()).toBe('delayed');
    expect(worker.running()).toBe(0);
    const execution = sandbox
      .stats()
      .executions.find((each) => each.customerId.startsWith('C_rev'));
    if (!execution) throw new Error('no execution');
    sandbox.admin.decideReview(execution.executionId, 'REJECTED');
    await until(async () => (await job?.getState()) === 'completed');
    expect((await queue.queue.getJob(jobId))?.returnvalue).toMatchObject({ outcome: 'rejected' });
    expect(events.filter((event) => event.type === 'running').length).toBeGreaterThan(1);
    expect(Object.values(sandbox.stats().effects).every((count) => count === 1)).toBe(true);
  });

  it('leaves a flow a later kyc-flow saved untouched for a worker of that version, and fails it past newerBuildWaitMs', async () => {
    const first = start();
    const { jobId } = await queue.enqueue(customer('newer', 'manual-review'), { profile });
    await until(() => events.some((event) => event.type === 'parked' && event.jobId === jobId));
    await first.close();
    // What a worker of a later release saved: a state this build does not know.
    const admin = new Redis(redis.url);
    const key = kycKeys({ name: `q${queues}` }).snapshots + jobId;
    const saved = JSON.parse((await admin.get(key)) ?? '{}');
    saved.writtenBy = '99.0.0';
    saved.persisted.snapshot.value = 'videoCall';
    const later = JSON.stringify(saved);
    await admin.set(key, later);
    const calls = () => Object.values(sandbox.stats().calls).reduce((sum, n) => sum + n, 0);
    const callsBefore = calls();
    events.length = 0;
    try {
      start({ again: true });
      await (await queue.queue.getJob(jobId))?.promote();
      await until(() => events.some((event) => event.type === 'deferred'));
      const deferred = events.find((event) => event.type === 'deferred');
      expect(deferred).toMatchObject({ jobId, code: 'SNAPSHOT_NEWER' });
      const wakeIn = (deferred?.type === 'deferred' ? deferred.wakeAt : 0) - Date.now();
      expect(wakeIn).toBeGreaterThan(50_000);
      expect(await (await queue.queue.getJob(jobId))?.getState()).toBe('delayed');

      // No worker of that version came (a downgrade): past its wait, the job fails for good.
      await workers.at(-1)?.close();
      start({ again: true, newerBuildWaitMs: 1 });
      await (await queue.queue.getJob(jobId))?.promote();
      await until(async () => (await (await queue.queue.getJob(jobId))?.getState()) === 'failed');
      await until(() => events.some((event) => event.type === 'failed'));
      expect(events.find((event) => event.type === 'failed')).toMatchObject({
        jobId,
        code: 'SNAPSHOT_NEWER',
        retrying: false,
      });
      expect(await admin.get(key)).toBe(later);
      expect(calls()).toBe(callsBefore);
    } finally {
      admin.disconnect();
    }
  });

  it('close() hands a running flow back to the queue, saved, for the next worker', async () => {
    const first = start({ parkWhenIdleForMs: 60_000 });
    const { jobId } = await queue.enqueue(customer('handback', 'manual-review'), { profile });
    await until(() => first.running() === 1);
    await until(async () => (await queue.queue.getJob(jobId))?.progress === 'pendingReview');
    await first.close();
    expect(events).toContainEqual({ type: 'handedBack', jobId });
    expect(await (await queue.queue.getJob(jobId))?.getState()).toBe('waiting');
    const startsBefore = sandbox.stats().starts;
    start({ parkWhenIdleForMs: 60_000, again: true });
    await until(() =>
      events.some((event) => event.type === 'running' && event.jobId === jobId && event.resumed),
    );
    expect(sandbox.stats().starts).toBe(startsBefore);
  });
});
