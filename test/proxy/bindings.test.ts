import { describe, expect, it } from 'vitest';
import {
  createMemoryBindings,
  DEFAULT_BINDING_RETENTION_MS,
  DEFAULT_BINDING_TTL_MS,
  DEFAULT_MAX_BINDINGS,
} from '../../src/adapters/proxy/index.js';
import { describeBindingsStore, HOUR, manualClock } from './bindings-suite.js';

describeBindingsStore('memory', (settings) => createMemoryBindings(settings));

describe('the in-memory bindings, when full', () => {
  it('forgets the least recently used binding that is no longer live to make room', async () => {
    const clock = manualClock();
    const store = createMemoryBindings({ ttlMs: 10 * HOUR, maxEntries: 3, now: clock.now });
    const as = (owner: string) => ({ owner, quota: 10 });
    await store.bind('execution:E1', as('alice'));
    await store.bind('execution:E2', as('bob'));
    clock.advance(HOUR);
    // E1 is older but was used since: E2 is the one nobody used for longest.
    await store.lookup('execution:E1');
    clock.advance(10 * HOUR);
    await store.bind('execution:E3', as('carol'));
    expect(await store.bind('execution:E4', as('dave'))).toBe('bound');
    expect(await store.lookup('execution:E2')).toBeUndefined();
    expect(await store.lookup('execution:E1')).toEqual({ owner: 'alice', live: false });
  });

  it('never forgets a live binding: the new one is refused instead', async () => {
    const store = createMemoryBindings({ maxEntries: 2 });
    await store.bind('execution:E1', { owner: 'alice', quota: 10 });
    await store.bind('execution:E2', { owner: 'bob', quota: 10 });
    expect(await store.bind('execution:E3', { owner: 'mallory', quota: 10 })).toBe('full');
    expect((await store.lookup('execution:E1'))?.owner).toBe('alice');
  });

  it('defaults to a bounded store whose TTL outlasts a manual review over a weekend', async () => {
    expect(DEFAULT_BINDING_TTL_MS).toBeGreaterThanOrEqual(4 * 24 * HOUR);
    expect(DEFAULT_BINDING_RETENTION_MS).toBeGreaterThan(DEFAULT_BINDING_TTL_MS);
    expect(DEFAULT_MAX_BINDINGS).toBeGreaterThan(0);
    const clock = manualClock();
    const store = createMemoryBindings({ now: clock.now });
    await store.bind('execution:E1', { owner: 'alice', quota: 10 });
    clock.advance(4 * 24 * HOUR);
    expect(await store.lookup('execution:E1')).toEqual({ owner: 'alice', live: true });
    clock.advance(DEFAULT_BINDING_TTL_MS);
    expect(await store.lookup('execution:E1')).toEqual({ owner: 'alice', live: false });
  });

  it('refuses a retention shorter than the TTL, which would hand keys on early', () => {
    expect(() => createMemoryBindings({ ttlMs: 10 * HOUR, retainMs: HOUR })).toThrow(/retainMs/);
  });
});
