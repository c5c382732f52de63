import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBindings } from '../../src/adapters/proxy/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import { describeBindingsStore, HOUR, manualClock } from './bindings-suite.js';
import { declaredKeysOnly } from './declared-keys.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

describeWithRedis('the Redis bindings store, on a real redis-server', () => {
  const redis = useRedisServer();
  let stores = 0;
  /** Each store its own prefix: the suite's tests share one server. */
  const prefix = () => `test:${++stores}:`;

  describeBindingsStore('redis', (settings) =>
    createRedisBindings(redis.client, { ...settings, prefix: prefix() }),
  );

  describe('its scripts declaring every key they touch (as Redis Cluster requires)', () => {
    describeBindingsStore('redis, undeclared keys refused', (settings) =>
      createRedisBindings(declaredKeysOnly(redis.client), { ...settings, prefix: prefix() }),
    );

    it('refreshes an execution and its customer from an instance that never saw them, or saw another owner', async () => {
      const clock = manualClock();
      const shared = { prefix: prefix(), now: clock.now, ttlMs: 10 * HOUR, retainMs: 20 * HOUR };
      const first = createRedisBindings(declaredKeysOnly(redis.client), shared);
      const second = createRedisBindings(declaredKeysOnly(redis.client), shared);
      await first.bind('customer:C1', { owner: 'alice', quota: 5 });
      await first.bind('execution:E1', { owner: 'alice', quota: 5, customer: 'customer:C1' });
      for (let poll = 0; poll < 3; poll += 1) {
        clock.advance(9 * HOUR);
        expect(await second.lookup('execution:E1')).toEqual({ owner: 'alice', live: true });
      }
      expect(await first.lookup('customer:C1')).toEqual({ owner: 'alice', live: true });
      // Forgotten, then bound to bob by the other instance: the first one's memory of alice
      // must not be what it answers.
      clock.advance(21 * HOUR);
      expect(await second.bind('execution:E1', { owner: 'bob', quota: 5 })).toBe('bound');
      expect(await first.lookup('execution:E1')).toEqual({ owner: 'bob', live: true });
    });
  });

  describe('beyond the shared rules', () => {
    it('keeps bindings across a restart of the proxy, and across instances racing for a key', async () => {
      const clock = manualClock();
      const shared = { prefix: prefix(), now: clock.now };
      const first = createRedisBindings(redis.client, shared);
      expect(await first.bind('execution:E1', { owner: 'alice', quota: 5 })).toBe('bound');
      // A second client is a second instance (or the first one, restarted).
      const other = new Redis(redis.url);
      try {
        const second = createRedisBindings(other, shared);
        expect(await second.lookup('execution:E1')).toEqual({ owner: 'alice', live: true });
        const race = await Promise.all([
          first.bind('customer:C1', { owner: 'alice', quota: 5 }),
          second.bind('customer:C1', { owner: 'bob', quota: 5 }),
        ]);
        expect([...race].sort()).toEqual(['bound', 'taken']);
      } finally {
        await other.quit();
      }
    });

    it('runs its scripts again after Redis lost them (a restart or SCRIPT FLUSH)', async () => {
      const store = createRedisBindings(redis.client, { prefix: prefix() });
      await store.bind('execution:E1', { owner: 'alice', quota: 5 });
      await redis.client.script('FLUSH');
      expect(await store.lookup('execution:E1')).toEqual({ owner: 'alice', live: true });
    });

    it('lets Redis collect a binding once its retention has passed', async () => {
      const store = createRedisBindings(redis.client, {
        prefix: 'expiring:',
        ttlMs: 50,
        retainMs: 100,
      });
      await store.bind('execution:E1', { owner: 'alice', quota: 5 });
      expect(await redis.client.pttl('expiring:b:execution:E1')).toBeGreaterThan(0);
      await expect
        .poll(async () => redis.client.exists('expiring:b:execution:E1'), { timeout: 5_000 })
        .toBe(0);
      expect(await store.lookup('execution:E1')).toBeUndefined();
    });
  });

  describe('behind two proxy instances', () => {
    let first: ProxyHarness;
    let second: ProxyHarness;
    const keyPrefix = 'proxies:';
    beforeAll(async () => {
      const bindings = createRedisBindings(redis.client, { prefix: keyPrefix, ttlMs: 24 * HOUR });
      first = await startProxyHarness({ proxy: { bindings } });
      second = await startProxyHarness({ upstream: first.sandbox, proxy: { bindings } });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    it('serves a flow on either instance to its owner only, and keeps no id or email in Redis', async () => {
      const customerId = 'C_redis_shared+minimal';
      const email = 'shared.redis@example.com';
      await first.client('alice').register({ customerId, email });
      const { executionId } = await second.client('alice').startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: 'ref-redis' },
      });
      expect((await first.client('alice').getExecution({ executionId })).executionId).toBe(
        executionId,
      );
      await expect(second.client('bob').getExecution({ executionId })).rejects.toMatchObject({
        apiCode: 999303,
      });
      await expect(first.client('bob').register({ customerId })).rejects.toMatchObject({
        apiMsg: expect.stringMatching(/^PROXY_FOREIGN_CUSTOMER/),
      });

      const keys = await redis.client.keys(`${keyPrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      const stored = [
        ...keys,
        ...(await Promise.all(
          keys
            .filter((key) => key.includes(':b:'))
            .map(async (key) => JSON.stringify(await redis.client.hgetall(key))),
        )),
      ].join('\n');
      for (const secret of [customerId, email, executionId, 'user-alice']) {
        expect(stored).not.toContain(secret);
      }
    });
  });
});
