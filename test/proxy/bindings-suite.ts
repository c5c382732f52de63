import { describe, expect, it } from 'vitest';
import {
  type BindingKey,
  CALL_WINDOW_MS,
  type ExecutionBindings,
} from '../../src/adapters/proxy/index.js';

export const HOUR = 60 * 60 * 1000;
const TTL = 10 * HOUR;
const RETAIN = 48 * HOUR;

/** A clock the test moves by hand: expiry is checked without waiting. */
export const manualClock = (start = 1_000_000) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

export interface StoreSettings {
  readonly ttlMs: number;
  readonly retainMs: number;
  readonly now: () => number;
}

/** Makes a fresh, empty store (its own prefix, for a shared server). */
export type MakeStore = (settings: StoreSettings) => ExecutionBindings;

const as = (owner: string, quota = 100, customer?: BindingKey) => ({
  owner,
  quota,
  ...(customer ? { customer } : {}),
});

/** The store's claims, which both of kyc-flow's stores have. */
const claimsOf = (store: ExecutionBindings) => {
  const { claim, release } = store;
  if (!claim || !release) throw new Error('the store has no claims');
  return { claim: claim.bind(store), release: release.bind(store) };
};

/**
 * The rules every bindings store keeps, whatever holds the bindings: the memory store and
 * the Redis store run this same suite.
 */
export const describeBindingsStore = (name: string, make: MakeStore) =>
  describe(`the bindings rules (${name})`, () => {
    const fresh = () => {
      const clock = manualClock();
      return { clock, store: make({ ttlMs: TTL, retainMs: RETAIN, now: clock.now }) };
    };

    it('keeps a binding live while it is used within its TTL, however long the flow runs', async () => {
      const { clock, store } = fresh();
      expect(await store.bind('execution:E1', as('alice'))).toBe('bound');
      for (let poll = 0; poll < 11; poll += 1) {
        clock.advance(9 * HOUR);
        expect(await store.lookup('execution:E1')).toEqual({ owner: 'alice', live: true });
      }
    });

    it('refuses an execution past its TTL to everyone, its owner included, for as long as it is remembered', async () => {
      const { clock, store } = fresh();
      await store.bind('execution:E1', as('alice'));
      clock.advance(TTL);
      expect(await store.lookup('execution:E1')).toEqual({ owner: 'alice', live: false });
      expect(await store.bind('execution:E1', as('alice'))).toBe('expired');
      expect(await store.bind('execution:E1', as('bob'))).toBe('taken');
      clock.advance(RETAIN - TTL - 1);
      expect(await store.bind('execution:E1', as('bob'))).toBe('taken');
      // Past its retention it is forgotten: only then can the key be bound afresh.
      clock.advance(1);
      expect(await store.lookup('execution:E1')).toBeUndefined();
      expect(await store.bind('execution:E1', as('bob'))).toBe('bound');
    });

    it("keeps a customer past its TTL its owner's: she binds it again, nobody else can", async () => {
      const { clock, store } = fresh();
      await store.bind('customer:C1', as('alice'));
      clock.advance(TTL + HOUR);
      expect(await store.bind('customer:C1', as('bob'))).toBe('taken');
      expect(await store.bind('customer:C1', as('alice'))).toBe('bound');
      expect(await store.lookup('customer:C1')).toEqual({ owner: 'alice', live: true });
    });

    it('keeps a customer live while one of its executions is used', async () => {
      const { clock, store } = fresh();
      await store.bind('customer:C1', as('alice'));
      await store.bind('execution:E1', as('alice', 100, 'customer:C1'));
      for (let poll = 0; poll < 4; poll += 1) {
        clock.advance(TTL - 1);
        expect((await store.lookup('execution:E1'))?.live).toBe(true);
      }
      expect(await store.lookup('customer:C1')).toEqual({ owner: 'alice', live: true });
    });

    it('lets exactly one of several callers binding the same key at once win', async () => {
      const { store } = fresh();
      const owners = Array.from({ length: 12 }, (_, index) => `caller-${index}`);
      const outcomes = await Promise.all(
        owners.map((owner) => store.bind('execution:E_race', as(owner))),
      );
      expect(outcomes.filter((outcome) => outcome === 'bound')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'taken')).toHaveLength(11);
      const winner = owners[outcomes.indexOf('bound')];
      expect((await store.lookup('execution:E_race'))?.owner).toBe(winner);
    });

    it("counts only live bindings against a caller's quota, and never another caller's", async () => {
      const { clock, store } = fresh();
      for (const id of ['1', '2', '3']) {
        expect(await store.bind(`execution:E${id}`, as('alice', 3))).toBe('bound');
      }
      expect(await store.bind('execution:E4', as('alice', 3))).toBe('quota');
      expect(await store.bind('customer:C1', as('alice', 3))).toBe('quota');
      // Binding again what she holds takes no more room.
      expect(await store.bind('execution:E1', as('alice', 3))).toBe('bound');
      expect(await store.held('alice')).toBe(3);
      expect(await store.bind('execution:E5', as('bob', 3))).toBe('bound');

      clock.advance(TTL);
      expect(await store.held('alice')).toBe(0);
      expect(await store.bind('execution:E4', as('alice', 3))).toBe('bound');
      expect(await store.held('alice')).toBe(1);
    });

    it('lets one of several callers claiming one new customer at once claim it, until it is bound, released or lapsed', async () => {
      const { clock, store } = fresh();
      const { claim, release } = claimsOf(store);
      const owners = Array.from({ length: 8 }, (_, index) => `caller-${index}`);
      const outcomes = await Promise.all(
        owners.map((owner) => claim('customer:C_new', { owner, forMs: 60_000 })),
      );
      expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'taken')).toHaveLength(7);
      const winner = owners[outcomes.indexOf('claimed')] ?? '';
      const loser = owners.find((owner) => owner !== winner) ?? '';
      // Her own claim again (a second tab) is hers; a release by another changes nothing.
      expect(await claim('customer:C_new', { owner: winner, forMs: 60_000 })).toBe('claimed');
      await release('customer:C_new', loser);
      expect(await claim('customer:C_new', { owner: loser, forMs: 60_000 })).toBe('taken');
      // Released (her register failed): anyone may claim it.
      await release('customer:C_new', winner);
      expect(await claim('customer:C_new', { owner: loser, forMs: 60_000 })).toBe('claimed');
      // Lapsed (an instance that died mid-register): the same.
      clock.advance(60_000);
      expect(await claim('customer:C_new', { owner: winner, forMs: 60_000 })).toBe('claimed');
      // Bound: it is its owner's, claimed or not, for as long as it is remembered.
      expect(await store.bind('customer:C_new', as(winner))).toBe('bound');
      await release('customer:C_new', winner);
      expect(await claim('customer:C_new', { owner: loser, forMs: 60_000 })).toBe('taken');
      expect(await claim('customer:C_new', { owner: winner, forMs: 60_000 })).toBe('claimed');
      clock.advance(RETAIN);
      expect(await claim('customer:C_new', { owner: loser, forMs: 60_000 })).toBe('claimed');
    });

    it("counts the identities an execution's OTP codes go to, not those its nodes name, and forgets them with it", async () => {
      const { clock, store } = fresh();
      const to = (identity: string, named = false) =>
        store.admitIdentity('execution:E1', { identity, named, limit: 2 });
      expect(await to('phone-1')).toBe('unknown');
      await store.bind('execution:E1', as('alice'));
      expect(await to('email', true)).toBe('admitted');
      expect(await to('email')).toBe('admitted');
      expect(await to('phone-1')).toBe('admitted');
      expect(await to('phone-2')).toBe('admitted');
      expect(await to('phone-3')).toBe('over');
      // Sent to before, or named since: a code may go there again.
      expect(await to('phone-1')).toBe('admitted');
      expect(await to('phone-3', true)).toBe('admitted');
      expect(await to('phone-3')).toBe('admitted');
      expect(
        await store.admitIdentity('execution:E2', { identity: 'email', named: true, limit: 2 }),
      ).toBe('unknown');
      // Named one after another (a gateway naming identity after identity): never counted.
      for (let n = 0; n < 12; n += 1) expect(await to(`named-${n}`, true)).toBe('admitted');
      expect(await to('phone-2')).toBe('admitted');
      expect(await to('named-11')).toBe('admitted');
      clock.advance(RETAIN);
      expect(await to('phone-1')).toBe('unknown');
      await store.bind('execution:E1', as('bob'));
      expect(await to('phone-4')).toBe('admitted');
      expect(await to('phone-5')).toBe('admitted');
      expect(await to('phone-1')).toBe('over');
    });

    it('answers whether a node was shown (limit 0) without noting it, and keeps the newest shown', async () => {
      const { store } = fresh();
      const shown = (node: string) =>
        store.admitIdentity('execution:E1', { identity: node, named: true, limit: 3 });
      const wasShown = (node: string) =>
        store.admitIdentity('execution:E1', { identity: node, named: false, limit: 0 });
      expect(await wasShown('node-0')).toBe('unknown');
      await store.bind('execution:E1', as('alice'));
      expect(await wasShown('node-0')).toBe('over');
      expect(await wasShown('node-0')).toBe('over');
      expect(await shown('node-0')).toBe('admitted');
      expect(await wasShown('node-0')).toBe('admitted');
      // A flow with more nodes than are kept (retakes over and over): every new node is
      // noted, the oldest forgotten, never the one the page is at.
      const kept = 32;
      for (let n = 1; n <= kept + 4; n += 1) expect(await shown(`node-${n}`)).toBe('admitted');
      for (let n = 0; n <= 4; n += 1) expect(await wasShown(`node-${n}`)).toBe('over');
      for (let n = 5; n <= kept + 4; n += 1) expect(await wasShown(`node-${n}`)).toBe('admitted');
      // The sends of the execution are counted apart: nothing was sent anywhere yet.
      for (const phone of ['p1', 'p2', 'p3']) {
        expect(
          await store.admitIdentity('execution:E1', { identity: phone, named: false, limit: 3 }),
        ).toBe('admitted');
      }
    });

    it('counts each caller’s calls per minute, afresh each minute', async () => {
      const { clock, store } = fresh();
      clock.advance(CALL_WINDOW_MS - (clock.now() % CALL_WINDOW_MS));
      expect(await store.countCall('alice')).toEqual({ count: 1, resetInMs: CALL_WINDOW_MS });
      clock.advance(1_000);
      expect(await store.countCall('alice')).toEqual({
        count: 2,
        resetInMs: CALL_WINDOW_MS - 1_000,
      });
      expect((await store.countCall('bob')).count).toBe(1);
      clock.advance(CALL_WINDOW_MS);
      expect((await store.countCall('alice')).count).toBe(1);
    });
  });
