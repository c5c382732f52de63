import { Worker as BullWorker, UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKycQueue, type KycQueue } from '../../src/adapters/queue/index.js';
import { startCli } from '../support/cli.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * `kyc-flow batch --redis --wait` ends whatever way each job ends: a job BullMQ fails by
 * its own hand (here a plain BullMQ worker failing it, as BullMQ fails a job stalled too
 * often) and a job removed, neither with an outcome recorded by kyc-flow.
 */

const FILE = 'examples/customers.ndjson';
const QUEUE = 'batch-ends';
const STALLED = 'job stalled more than allowable limit';

describeWithRedis('kyc-flow batch --wait: jobs that end outside kyc-flow', () => {
  let redis: RedisServer;
  let queue: KycQueue;
  let bull: BullWorker | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    queue = createKycQueue({ connection: redis.url, name: QUEUE });
  });
  afterAll(async () => {
    await bull?.close();
    await queue?.close();
    await redis?.stop();
  });

  it('reports a job BullMQ failed as internal with its reason, a removed one as lost, exit 1', async () => {
    const batch = startCli([
      'batch',
      FILE,
      '--redis',
      redis.url,
      '--queue',
      QUEUE,
      '--wait',
      '--json',
    ]);
    let waiting: string[] = [];
    for (let tries = 0; waiting.length < 6 && tries < 200; tries += 1) {
      await new Promise((done) => setTimeout(done, 50));
      waiting = (await queue.queue.getWaiting()).map((job) => job.id ?? '');
    }
    expect(waiting).toHaveLength(6);
    const [removed = ''] = waiting;
    await queue.queue.remove(removed);
    bull = new BullWorker(
      QUEUE,
      async (): Promise<void> => {
        throw new UnrecoverableError(STALLED);
      },
      { connection: { url: redis.url } },
    );

    const timer = setTimeout(() => batch.child.kill('SIGKILL'), 15_000);
    const result = await batch.result;
    clearTimeout(timer);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toEqual({ total: 6, outcomes: { internal: 5, lost: 1 } });
    expect(lines.filter((line) => line.outcome === 'lost').map((line) => line.jobId)).toEqual([
      removed,
    ]);
    for (const line of lines.filter((line) => line.outcome === 'internal')) {
      expect(line.reason).toBe(STALLED);
    }
  }, 30_000);
});
