import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { kycKeys } from '../../src/adapters/queue/connection.js';
import {
  createKycQueue,
  createKycWorker,
  type KycWorker,
  type KycWorkerEvent,
} from '../../src/adapters/queue/index.js';
import { createRateBudget } from '../../src/adapters/queue/rate-budget.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * The rate budget every worker of a queue shares, on a real redis-server and the sandbox
 * over loopback: a "too many" holds every worker (with or without `callsPerSecond`) and
 * BullMQ's fetching, a wait in the budget is not the gateway's time, and no sliding second
 * holds more calls than the budget.
 */

const SPEED = 25;

describeWithRedis('kyc-flow/queue: one rate budget on a real redis-server', () => {
  let redis: RedisServer;
  let client: Redis;
  let sandbox: Sandbox;
  let profile: CustomerProfile;

  beforeAll(async () => {
    [redis, sandbox, profile] = await Promise.all([
      startRedisServer(),
      startSandbox({
        speed: SPEED,
        faults: { rate: 0, retryAfterSeconds: 2, slowMs: 2_000 * SPEED },
      }),
      loadProfile(resolve('examples/profiles/jane-doe.json')),
    ]);
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    client?.disconnect();
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  it('holds every worker, none with callsPerSecond, for a 429’s Retry-After: no call sent, no flow taken up', async () => {
    const name = 'hold';
    const queue = createKycQueue({ connection: redis.url, name });
    const sent: number[] = [];
    const events: Array<KycWorkerEvent & { at: number }> = [];
    const worker = (): KycWorker =>
      createKycWorker({
        connection: redis.url,
        name,
        client: {
          gatewayUrl: sandbox.gatewayUrl,
          ...sandbox.credentials,
          fetch: (input, init) => {
            sent.push(Date.now());
            return globalThis.fetch(input, init);
          },
        },
        polling: { timeScale: SPEED },
        parkWhenIdleForMs: 300,
        closeOn: [],
        onEvent: (event) => events.push({ ...event, at: Date.now() }),
      });
    const workers = [worker(), worker()];
    // When a pause reaches the workers' subscribers: a listener of the test's own, in the
    // same process, hears it as they do (a loaded machine delays all of them alike).
    const listener = client.duplicate();
    let heardAt: number | undefined;
    listener.on('message', () => {
      heardAt ??= Date.now();
    });
    await listener.subscribe(`${kycKeys({ name }).budgetPause}:told`);
    try {
      const customer = (id: string, scenario = 'full') => ({
        customerId: `C_${id}+${scenario}`,
        email: `${id}@example.com`,
      });
      // Flows under way in both workers, then one status poll answered 429 (Retry-After 2 s).
      const early = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id) => customer(id));
      await Promise.all(early.map((one) => queue.enqueue(one, { profile })));
      await until(() => sent.length >= 12);
      sandbox.injectFaults({ kind: 'http-429', method: 'workflow.execution.status', times: 1 });
      await until(() => events.some((event) => event.type === 'rateLimited'));
      const heldAt = events.find((event) => event.type === 'rateLimited')?.at ?? 0;
      await sleep(200);
      const later = ['b1', 'b2', 'b3', 'b4'].map((id) => customer(id));
      await Promise.all(later.map((one) => queue.enqueue(one, { profile })));
      await sleep(1_000);
      // BullMQ's fetching is paused: the flows enqueued during the hold wait, untouched.
      expect((await queue.queue.getJobCounts('waiting')).waiting).toBe(4);
      await until(async () => (await queue.counts()).states.completed === 10, 30_000);
      // Retry-After: 2 s from the 429's arrival; no worker sent anything within it once the
      // pause was told (a call already past the budget then may still leave, a moment later).
      expect(sent.filter((at) => at > heldAt - 300 && at <= heldAt).length).toBeGreaterThan(0);
      expect(heardAt, 'the pause was published to the workers').toBeDefined();
      const told = heardAt ?? heldAt;
      expect(told - heldAt).toBeLessThan(1_500);
      expect(sent.filter((at) => at > told + 100 && at < heldAt + 1_900)).toEqual([]);
    } finally {
      listener.disconnect();
      await Promise.all(workers.map((one) => one.close()));
      await queue.close();
    }
  });

  it('with no callsPerSecond, sends Redis nothing per call, and holds for every pause another worker set, before or after', async () => {
    const keys = kycKeys({ name: 'quiet' });
    const own = new Redis(redis.url);
    const other = createRateBudget(client, keys);
    const budget = createRateBudget(own, keys);
    try {
      // Set before this worker asked anything: held all the same.
      await other.pause(600);
      let began = Date.now();
      await budget.take();
      expect(Date.now() - began).toBeGreaterThanOrEqual(500);
      await budget.take();
      await sleep(100);
      await client.config('RESETSTAT');
      for (let call = 0; call < 200; call += 1) await budget.take();
      // A ping of its subscription at most every quarter second, not a command per call.
      expect(await commandsSince(client)).toBeLessThan(5);
      // Set while it listens: held once its message is in, a moment later.
      await other.pause(600);
      await sleep(20);
      began = Date.now();
      await budget.take();
      expect(Date.now() - began).toBeGreaterThanOrEqual(480);
    } finally {
      budget.close();
      other.close();
      own.disconnect();
    }
  });

  it('lets no sliding second hold more calls than the budget, across a clock second too', async () => {
    const keys = kycKeys({ name: 'sliding' });
    const budget = createRateBudget(client, keys, 10);
    // Start late in a clock second: a fixed window would let the next ten go at its turn.
    await sleep(1_700 - (Date.now() % 1_000));
    const times = await Promise.all(
      Array.from({ length: 25 }, () => budget.take().then(() => Date.now())),
    );
    times.sort((a, b) => a - b);
    const gaps = times.slice(10).map((at, index) => at - (times[index] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
  });
});

async function commandsSince(admin: Redis): Promise<number> {
  const info = await admin.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (!['info', 'config|resetstat'].includes(match[1] ?? '')) total += Number(match[2]);
  }
  return total;
}

async function until(check: () => Promise<boolean> | boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}
