import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKycQueue, type KycQueue } from '../../src/adapters/queue/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';
import { type FleetWorker, startWorker, stopWorker } from './support/worker-fleet.js';

/**
 * Parked flows cost a worker nothing: flows waiting on a review are saved in Redis, their
 * jobs delayed, and the worker process that took them up holds no slot and no memory for
 * them (its heap, after a full GC, grows by far less than one running flow's ~15 KB each).
 * 5,000 of them (taking each flow up costs the worker ~10 ms of CPU, so about a minute on
 * a shared 2-core machine); `KYC_PARKED_FLOWS=n` runs another number.
 */

const FLOWS = Number(process.env.KYC_PARKED_FLOWS ?? 5_000);
const WARM_UP = Math.round(FLOWS / 10);
/** Sandbox durations vanish; the review is read every 10 min, so every flow stays parked. */
const SPEED = 1_000_000;
const QUEUE = 'parked';
/** Per parked flow, at most: a running flow holds about 15 KB. */
const MAX_BYTES_PER_PARKED_FLOW = 1_500;

describeWithRedis(`${FLOWS} flows parked on review, one worker process`, () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let queue: KycQueue;
  let worker: FleetWorker | undefined;

  beforeAll(async () => {
    [redis, sandbox] = await Promise.all([
      startRedisServer(),
      startSandbox({
        speed: SPEED,
        scenarios: [{ name: 'review-first', steps: ['manualReview'], outcome: 'APPROVED' }],
      }),
    ]);
    queue = createKycQueue({ connection: redis.url, name: QUEUE });
  });
  afterAll(async () => {
    if (worker) await stopWorker(worker, 'SIGKILL');
    await queue?.close();
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  const customers = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, index) => ({
      customer: { customerId: `C_parked${from + index}+review-first` },
    }));
  const parked = async (count: number) => {
    for (;;) {
      const { states } = await queue.counts();
      if (states.delayed >= count && states.active === 0 && states.waiting === 0) return states;
      await new Promise((done) => setTimeout(done, 250));
    }
  };
  /** The worker's heap after a full GC, once it has reported twice since `since`. */
  const settledHeap = async (since: number) => {
    const samples = () => (worker?.samples ?? []).slice(since);
    while (samples().length < 2) await new Promise((done) => setTimeout(done, 200));
    return Math.min(...samples().map((sample) => sample.heap));
  };

  it('holds no slot and no memory for them', async () => {
    worker = startWorker({
      redisUrl: redis.url,
      queue: QUEUE,
      sandbox,
      speed: 20,
      concurrency: 200,
      parkMs: 5_000,
      reviewMs: 20 * 600_000,
      nodeFlags: ['--expose-gc'],
    });
    await worker.ready;
    await queue.enqueueMany(customers(0, WARM_UP));
    await parked(WARM_UP);
    const before = await settledHeap(worker.samples.length);

    await queue.enqueueMany(customers(WARM_UP, FLOWS));
    const states = await parked(FLOWS);
    const after = await settledHeap(worker.samples.length);

    expect(states).toMatchObject({ delayed: FLOWS, active: 0, waiting: 0, completed: 0 });
    expect(worker.samples.at(-1)?.running).toBe(0);
    expect(sandbox.stats().starts).toBe(FLOWS);
    expect(after - before).toBeLessThan((FLOWS - WARM_UP) * MAX_BYTES_PER_PARKED_FLOW);
  }, 300_000);
});
