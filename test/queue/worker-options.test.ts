import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createKycQueue,
  createKycWorker,
  type KycQueue,
  KycWorkerOptionError,
  type KycWorkerOptions,
} from '../../src/adapters/queue/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import { UNREACHABLE_GATEWAY } from './support/unreachable-gateway.js';

/**
 * A worker given a numeric option Redis or BullMQ cannot take (a snapshot retention of 0
 * makes Redis refuse the flow's first save, mid-flow) is refused when it is created: a typed
 * error naming the option and its range, before it connects to Redis or takes a job.
 */

const NAME = 'options';

describeWithRedis('createKycWorker options, on a real redis-server', () => {
  const redis = useRedisServer();
  let queue: KycQueue;
  beforeAll(async () => {
    queue = createKycQueue({ connection: redis.url, name: NAME });
    await queue.enqueue({ customerId: 'C_1', email: 'jane@example.com' });
  });
  afterAll(() => queue?.close());

  const worker = (options: Partial<KycWorkerOptions>) =>
    createKycWorker({
      connection: redis.url,
      name: NAME,
      client: UNREACHABLE_GATEWAY,
      closeOn: [],
      ...options,
    });
  const refusal = (options: Partial<KycWorkerOptions>): KycWorkerOptionError => {
    try {
      void worker(options).close();
    } catch (error) {
      expect(error).toBeInstanceOf(KycWorkerOptionError);
      expect(error).toBeInstanceOf(RangeError);
      return error as KycWorkerOptionError;
    }
    throw new Error(`a worker was created with ${JSON.stringify(options)}`);
  };
  const clients = async () =>
    String(await redis.client.client('LIST'))
      .trim()
      .split('\n').length;

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1.5, 2 ** 53])(
    'refuses snapshotRetentionMs %s, naming it and its range, before it connects or takes the job',
    async (snapshotRetentionMs) => {
      const before = await clients();
      const error = refusal({ snapshotRetentionMs });
      expect(error.option).toBe('snapshotRetentionMs');
      expect(error.code).toBe('WORKER_OPTION_INVALID');
      expect(error.message).toBe(
        `createKycWorker: snapshotRetentionMs must be a whole number of milliseconds from 1 to ${Number.MAX_SAFE_INTEGER} (a snapshot's PX in Redis), got ${snapshotRetentionMs}`,
      );
      expect(await clients()).toBe(before);
      expect((await queue.counts()).states.waiting).toBe(1);
    },
  );

  it.each<[keyof KycWorkerOptions, number]>([
    ['concurrency', 0],
    ['concurrency', 2.5],
    ['maxConnections', 0],
    ['callsPerSecond', 0],
    ['callsPerSecond', Number.NaN],
    ['maxStalledCount', -1],
    ['parkWhenIdleForMs', 0],
    ['parkWhenIdleForMs', Number.POSITIVE_INFINITY],
    ['maxSuspendedMs', Number.NaN],
    ['lockDurationMs', 0],
    ['lockDurationMs', 2 ** 31],
    ['stalledIntervalMs', 1_000.5],
  ])('refuses %s %s alike', (option, value) => {
    const error = refusal({ [option]: value });
    expect(error.option).toBe(option);
    expect(error.message).toMatch(
      new RegExp(`^createKycWorker: ${option} must be .*, got ${value}$`),
    );
  });

  it('refuses a number given as a string (an environment variable passed as it is)', () => {
    const error = refusal({ snapshotRetentionMs: '60000' as unknown as number });
    expect(error.message).toMatch(/got string "60000"$/);
  });

  it('takes the ends of every range', async () => {
    const taken = worker({
      name: `${NAME}-empty`,
      snapshotRetentionMs: 1,
      lockDurationMs: 2 ** 31 - 1,
      stalledIntervalMs: 1,
      maxStalledCount: 0,
      concurrency: 1,
      maxConnections: 1,
      callsPerSecond: 1,
      parkWhenIdleForMs: 0.5,
      maxSuspendedMs: 0.5,
    });
    await taken.worker.waitUntilReady();
    await taken.close();
  });
});
