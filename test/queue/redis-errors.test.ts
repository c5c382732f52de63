import { afterEach, expect, it, vi } from 'vitest';
import {
  createKycQueue,
  createKycWorker,
  type KycWorkerEvent,
} from '../../src/adapters/queue/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';
import { UNREACHABLE_GATEWAY } from './support/unreachable-gateway.js';

/**
 * A Redis that goes away and comes back, under a queue and a worker of a host that gave
 * `onError` and `onEvent`: each error reaches the host, none is printed by BullMQ (which
 * prints every one when nobody listens), and both carry on once Redis is back.
 */

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describeWithRedis('a Redis that goes away, under kyc-flow/queue', () => {
  let redis: RedisServer | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await redis?.stop();
  });

  it('tells the host of each error (the queue by onError, the worker by onEvent), prints none, and carries on when it is back', async () => {
    redis = await startRedisServer();
    const { port, url } = redis;
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const heard: Error[] = [];
    const events: KycWorkerEvent[] = [];
    const queue = createKycQueue({ connection: url, name: 'away', onError: (e) => heard.push(e) });
    const worker = createKycWorker({
      connection: url,
      name: 'away',
      client: UNREACHABLE_GATEWAY,
      closeOn: [],
      onEvent: (event) => events.push(event),
    });
    await Promise.all([queue.queue.waitUntilReady(), worker.worker.waitUntilReady()]);

    await redis.stop();
    const workerErrors = () => events.filter((event) => event.type === 'error');
    await until(() => heard.length > 0 && workerErrors().length > 0, 'errors heard');
    expect(heard[0]?.message).toMatch(/ECONNREFUSED|Connection is closed/);
    expect(workerErrors()[0]).toEqual({
      type: 'error',
      message: expect.stringMatching(/ECONNREFUSED|Connection is closed/),
    });
    expect(printed).not.toHaveBeenCalled();

    redis = await startRedisServer({ port });
    // Back: the queue takes a job (the worker's flow then fails on the unreachable gateway).
    await expect(
      queue.enqueue({ customerId: 'C_back', email: 'back@example.com' }),
    ).resolves.toEqual({
      jobId: expect.any(String),
      added: true,
    });
    await Promise.all([worker.close(), queue.close()]);
    expect(printed).not.toHaveBeenCalled();
  }, 30_000);
});
