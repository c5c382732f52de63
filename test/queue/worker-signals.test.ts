import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKycQueue, jobIdOf, type KycQueue } from '../../src/adapters/queue/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';
import { type FleetWorker, startWorker, stopWorker } from './support/worker-fleet.js';

/**
 * `createKycWorker` as a library, with its default `closeOn` (SIGTERM, SIGINT): a deploy
 * that stops the worker process hands every running flow back, saved, and the process ends
 * as SIGTERM ends a process; the next worker finishes those flows without a second
 * registration or start.
 */

const SPEED = 5;
const QUEUE = 'signals';
const FLOWS = 4;

describeWithRedis('a worker process stopped by SIGTERM (the default closeOn)', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let queue: KycQueue;
  const workers: FleetWorker[] = [];

  beforeAll(async () => {
    [redis, sandbox] = await Promise.all([startRedisServer(), startSandbox({ speed: SPEED })]);
    queue = createKycQueue({ connection: redis.url, name: QUEUE });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => stopWorker(worker, 'SIGKILL')));
    await queue?.close();
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  const spawnWorker = async () => {
    // Nothing parks by being idle: at SIGTERM, the flows are running.
    const worker = startWorker({
      redisUrl: redis.url,
      queue: QUEUE,
      sandbox,
      speed: SPEED,
      parkMs: 60_000,
    });
    workers.push(worker);
    await worker.ready;
    return worker;
  };
  const until = async (check: () => Promise<boolean> | boolean, what: string) => {
    const deadline = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  };

  it('hands its running flows back, saved, and ends; the next worker finishes each once', async () => {
    const customers = Array.from({ length: FLOWS }, (_, index) => ({
      customerId: `C_signal${index}+full`,
      email: `signal${index}@example.com`,
    }));
    await queue.enqueueMany(customers.map((customer) => ({ customer })));
    const first = await spawnWorker();
    await until(() => sandbox.stats().starts === FLOWS, 'every flow to start');

    first.child.kill('SIGTERM');
    await first.exited;
    expect(first.child.signalCode, first.stderr()).toBe('SIGTERM');
    expect(new Set(first.handedBack)).toEqual(
      new Set(customers.map((customer) => jobIdOf(customer))),
    );
    const after = await queue.counts();
    expect(after.states.active).toBe(0);
    expect(after.states.waiting + after.states.delayed + after.states.prioritized).toBe(FLOWS);
    expect(after.states.completed).toBe(0);

    await spawnWorker();
    await until(async () => (await queue.counts()).states.completed === FLOWS, 'every flow to end');
    for (const customer of customers) expect(await queue.outcomeOf(customer)).toBe('approved');
    const stats = sandbox.stats();
    expect(stats.registrations).toBe(FLOWS);
    expect(stats.starts).toBe(FLOWS);
  }, 120_000);
});
