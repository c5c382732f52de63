import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createMemoryFlows, createRedisFlows } from '../../src/adapters/proxy/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import { manualClock } from './bindings-suite.js';
import { describeFlowsStore } from './flows-suite.js';

describeFlowsStore(
  'memory',
  (now) => createMemoryFlows({ now }),
  () => undefined,
);

describe('the memory flows store, beyond the shared rules', () => {
  it('refuses a write it has no room for rather than lose a kept flow, and makes room from what expired', async () => {
    const clock = manualClock();
    // Keys count with their values: `flow:A` + 6 bytes is 12 of the 20.
    const store = createMemoryFlows({ now: clock.now, maxBytes: 20 });
    expect(await store.write('flow:A', '123456', 100)).toBe('written');
    expect(await store.write('flow:B', '12345', 1_000)).toBe('full');
    expect(await store.read('flow:A')).toBe('123456');
    clock.advance(200);
    expect(await store.write('flow:B', '12345', 1_000)).toBe('written');
    expect(await store.read('flow:B')).toBe('12345');
  });

  it('counts keys too: many small entries cannot be kept beyond its bytes', async () => {
    const store = createMemoryFlows({ maxBytes: 100 });
    let written = 0;
    for (let index = 0; index < 50; index += 1) {
      if ((await store.write(`slot:${'k'.repeat(12)}${index}`, 'E', 1_000)) === 'written')
        written += 1;
    }
    // Each entry is 18 or 19 bytes of key and 1 of value: five fit in 100, not fifty.
    expect(written).toBe(5);
  });
});

describeWithRedis('the Redis flows store, on a real redis-server', () => {
  const redis = useRedisServer();
  let stores = 0;

  // Redis keeps time by its own clock: the suite waits for an expiry instead of moving one.
  describeFlowsStore(
    'redis',
    () => createRedisFlows(redis.client, { prefix: `test:${++stores}:` }),
    (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  );

  it('shares what one instance keeps with another, and holds only what it was given', async () => {
    const prefix = `test:${++stores}:`;
    const first = createRedisFlows(redis.client, { prefix });
    const other = new Redis(redis.url);
    try {
      const second = createRedisFlows(other, { prefix });
      await first.write('slot:S1', 'F1', 10_000);
      expect(await second.read('slot:S1')).toBe('F1');
      expect(await redis.client.keys(`${prefix}*`)).toEqual([`${prefix}slot:S1`]);
      expect(await redis.client.pttl(`${prefix}slot:S1`)).toBeGreaterThan(9_000);
    } finally {
      await other.quit();
    }
  });
});
