import { Worker } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKycQueue, jobIdOf, type KycQueue } from '../../src/adapters/queue/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * A customer whose job is still kept is the same flow: enqueuing them again adds nothing.
 * When that job failed (the flow stopped for attention), the host asking for the customer
 * to be onboarded again must hear that nothing will run, not a job id as if it were added.
 */

describeWithRedis('enqueue of a customer whose job is kept', () => {
  let redis: RedisServer;
  let queue: KycQueue;
  let worker: Worker<unknown, unknown> | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    queue = createKycQueue({ connection: redis.url, name: 'kept', jobOptions: { attempts: 1 } });
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await redis?.stop();
  });

  it('says the job was kept, and in which state, instead of adding nothing silently', async () => {
    const failing = { customerId: 'C_failed', email: 'failed@example.com' };
    const fresh = await queue.enqueue(failing);
    expect(fresh).toEqual({ jobId: jobIdOf(failing), added: true });
    const again = await queue.enqueue(failing);
    expect(again).toEqual({ jobId: jobIdOf(failing), added: false, state: 'waiting' });

    // A worker of the queue fails the job for good (its one attempt).
    const failer = new Worker<unknown, unknown>(
      'kept',
      async () => {
        throw new Error('needs attention');
      },
      { connection: { url: redis.url } },
    );
    worker = failer;
    const job = await queue.queue.getJob(fresh.jobId);
    const deadline = Date.now() + 20_000;
    while ((await job?.getState()) !== 'failed') {
      if (Date.now() > deadline) throw new Error('the job never failed');
      await new Promise((done) => setTimeout(done, 50));
    }
    await failer.close();

    await expect(queue.enqueue(failing)).resolves.toEqual({
      jobId: jobIdOf(failing),
      added: false,
      state: 'failed',
    });
    const other = { customerId: 'C_new', email: 'new@example.com' };
    await expect(queue.enqueueMany([{ customer: failing }, { customer: other }])).resolves.toEqual([
      { jobId: jobIdOf(failing), added: false, state: 'failed' },
      { jobId: jobIdOf(other), added: true },
    ]);
    expect((await queue.counts()).states).toMatchObject({ failed: 1, waiting: 1 });
  });

  it('says added for exactly one of two enqueues of one customer at the same moment, or listed twice', async () => {
    const customer = { customerId: 'C_twice', email: 'twice@example.com' };
    const both = await Promise.all([queue.enqueue(customer), queue.enqueue(customer)]);
    expect(both.filter((answer) => answer.added)).toHaveLength(1);
    expect(both.find((answer) => !answer.added)).toEqual({
      jobId: jobIdOf(customer),
      added: false,
      state: 'waiting',
    });

    const listed = { customerId: 'C_listed', email: 'listed@example.com' };
    await expect(queue.enqueueMany([{ customer: listed }, { customer: listed }])).resolves.toEqual([
      { jobId: jobIdOf(listed), added: true },
      { jobId: jobIdOf(listed), added: false, state: 'waiting' },
    ]);
    const many = { customerId: 'C_many', email: 'many@example.com' };
    const batches = await Promise.all([
      queue.enqueueMany([{ customer: many }]),
      queue.enqueueMany([{ customer: many }]),
    ]);
    expect(batches.flat().filter((answer) => answer.added)).toHaveLength(1);
  });
});
