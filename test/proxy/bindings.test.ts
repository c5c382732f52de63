import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryBindings,
  DEFAULT_BINDING_TTL_MS,
  DEFAULT_MAX_BINDINGS,
} from '../../src/adapters/proxy/index.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

const HOUR = 60 * 60 * 1000;

/** A clock the test moves by hand: eviction is checked without waiting. */
const manualClock = (start = 1_000_000) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

describe('the in-memory bindings', () => {
  it('keeps a binding that is used within its TTL, however long the flow runs', async () => {
    const clock = manualClock();
    const bindings = createMemoryBindings({ ttlMs: 10 * HOUR, now: clock.now });
    await bindings.set('execution:E1', 'user-alice');
    // Polled every 9 hours for four days: each use pushes the expiry.
    for (let poll = 0; poll < 11; poll += 1) {
      clock.advance(9 * HOUR);
      expect(await bindings.get('execution:E1')).toBe('user-alice');
    }
  });

  it('forgets a binding unused for its TTL, and binds the key to the next caller like a fresh one', async () => {
    const clock = manualClock();
    const bindings = createMemoryBindings({ ttlMs: 10 * HOUR, now: clock.now });
    expect(await bindings.set('customer:C1', 'user-alice')).toBe('user-alice');
    clock.advance(10 * HOUR - 1);
    expect(await bindings.set('customer:C1', 'user-bob')).toBe('user-alice');

    clock.advance(10 * HOUR);
    expect(await bindings.get('customer:C1')).toBeUndefined();
    expect(await bindings.set('customer:C1', 'user-bob')).toBe('user-bob');
    expect(await bindings.set('customer:C1', 'user-alice')).toBe('user-bob');
  });

  it('beyond maxEntries forgets the least recently used binding, not the oldest one', async () => {
    const clock = manualClock();
    const bindings = createMemoryBindings({ maxEntries: 3, now: clock.now });
    for (const id of ['1', '2', '3']) {
      await bindings.set(`execution:E${id}`, `user-${id}`);
      clock.advance(1);
    }
    // E1 is the oldest, but was just polled: E2 is the one nobody used for longest.
    expect(await bindings.get('execution:E1')).toBe('user-1');
    await bindings.set('execution:E4', 'user-4');

    expect(await bindings.get('execution:E2')).toBeUndefined();
    expect(
      await Promise.all(['E1', 'E3', 'E4'].map((id) => bindings.get(`execution:${id}`))),
    ).toEqual(['user-1', 'user-3', 'user-4']);
  });

  it('defaults to a bounded store whose TTL outlasts a manual review over a weekend', async () => {
    expect(DEFAULT_BINDING_TTL_MS).toBeGreaterThanOrEqual(4 * 24 * HOUR);
    expect(DEFAULT_MAX_BINDINGS).toBeGreaterThan(0);
    const clock = manualClock();
    const bindings = createMemoryBindings({ now: clock.now });
    await bindings.set('execution:E1', 'user-alice');
    clock.advance(4 * 24 * HOUR);
    expect(await bindings.get('execution:E1')).toBe('user-alice');
    clock.advance(DEFAULT_BINDING_TTL_MS);
    expect(await bindings.get('execution:E1')).toBeUndefined();
  });
});

describe('a proxy whose bindings expired', () => {
  const clock = manualClock();
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: { bindings: createMemoryBindings({ ttlMs: 24 * HOUR, now: clock.now }) },
    });
  });
  afterAll(() => harness.close());

  const start = (caller: 'alice' | 'bob', customerId: string, referenceId: string) =>
    harness.client(caller).startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId },
    });

  it('refuses the owner an execution forgotten for its TTL (fails closed), and lets the next caller claim the customer', async () => {
    const { customerId = 'C_expiring' } = await harness
      .client('alice')
      .register({ customerId: 'C_expiring' });
    const { executionId } = await start('alice', customerId, 'ref-expiring-1');
    await expect(start('bob', customerId, 'ref-expiring-2')).rejects.toMatchObject({
      apiMsg: expect.stringMatching(/^PROXY_FOREIGN_CUSTOMER/),
    });

    clock.advance(25 * HOUR);
    await expect(harness.client('alice').getExecution({ executionId })).rejects.toMatchObject({
      apiMsg: expect.stringMatching(/^PROXY_FOREIGN_EXECUTION/),
    });
    // The customer is now as unclaimed as one never seen: bob's start binds it to him.
    const bobs = await start('bob', customerId, 'ref-expiring-3');
    expect((await harness.client('bob').getExecution(bobs)).executionId).toBe(bobs.executionId);
    await expect(start('alice', customerId, 'ref-expiring-4')).rejects.toMatchObject({
      apiMsg: expect.stringMatching(/^PROXY_FOREIGN_CUSTOMER/),
    });
  });
});
