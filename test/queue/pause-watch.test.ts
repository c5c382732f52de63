import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisKey } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { watchPauses } from '../../src/adapters/queue/pause-watch.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * The pause watch on a real redis-server, across a quick reconnect of its subscriber: a pause
 * announced while no subscription listened is known only by the read after the new one.
 */

const PAUSE_KEY = 'kyc:test:pause';
const CHANNEL = 'kyc:test:paused';

const until = async (ready: () => boolean) => {
  for (let waited = 0; !ready(); waited += 5) {
    if (waited > 10_000) throw new Error('waited 10 s in vain');
    await sleep(5);
  }
};

describeWithRedis('kyc-flow/queue: the pause watch on a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it('trusts no subscription of a connection gone by the time its pause read comes back', async () => {
    // Reconnects at once, as after a blip.
    const main = new Redis(server.url, { retryStrategy: () => 10 });
    const other = new Redis(server.url);
    // Each pause read held until the test lets it go: the first comes back after a reconnect.
    const reads: Array<() => void> = [];
    const pttl = main.pttl.bind(main);
    main.pttl = ((key: RedisKey) =>
      pttl(key).then(
        (ms) => new Promise<number>((resolve) => reads.push(() => resolve(ms))),
      )) as typeof main.pttl;
    const subscribers: Redis[] = [];
    const duplicate = main.duplicate.bind(main);
    main.duplicate = ((options) => {
      const connection = duplicate(options);
      subscribers.push(connection);
      return connection;
    }) as typeof main.duplicate;
    const watch = watchPauses(main, PAUSE_KEY, CHANNEL);
    try {
      expect(watch.heldForMs()).toBeUndefined();
      await until(() => reads.length === 1);
      const [subscriber] = subscribers;
      if (!subscriber) throw new Error('the watch opened no subscriber');
      const closed = once(subscriber, 'close');
      await other.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      await closed;
      // Announced while nobody listens: unheard.
      await other.set(PAUSE_KEY, '1', 'PX', 60_000);
      await other.publish(CHANNEL, '60000');
      // Reconnected and subscribed again, its read pending; the old read (no pause) comes back.
      await until(() => reads.length === 2);
      reads[0]?.();
      await sleep(20);
      expect(watch.heldForMs()).toBeUndefined();
      reads[1]?.();
      await until(() => watch.heldForMs() !== undefined);
      expect(watch.heldForMs()).toBeGreaterThan(55_000);
    } finally {
      watch.close();
      main.disconnect();
      other.disconnect();
    }
  });
});
