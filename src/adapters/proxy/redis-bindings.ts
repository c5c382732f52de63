import { type RedisScripting, redisScript } from '../node/redis-script.js';
import {
  type BindingKey,
  type BindOutcome,
  CALL_WINDOW_MS,
  type ClaimOutcome,
  type ExecutionBindings,
  type IdentityOutcome,
} from './binding-types.js';
import { SHOWN_KEPT } from './bindings.js';
import { type BindingExpiry, resolveExpiry } from './expiry.js';
import { createHints, lookupIn } from './redis-lookup.js';
import { ADMIT_IDENTITY, BIND, CLAIM, COUNT_CALL, HELD, LOOKUP, RELEASE } from './redis-scripts.js';

/**
 * The part of a Redis client the store uses: an `ioredis` `Redis` (declared as an optional
 * peer dependency of `kyc-flow`), which reconnects and queues commands by itself.
 */
export type RedisScriptClient = RedisScripting;

export interface RedisBindingsOptions extends BindingExpiry {
  /** Prefix of every key; default `kyc-flow:proxy:`. One per proxy deployment sharing a Redis. */
  readonly prefix?: string;
  /** The clock, in ms; default `Date.now`. Every instance should keep time alike. */
  readonly now?: () => number;
}

const OUTCOMES: ReadonlySet<string> = new Set<BindOutcome>(['bound', 'taken', 'expired', 'quota']);
const CLAIMS: ReadonlySet<string> = new Set<ClaimOutcome>(['claimed', 'taken']);
const IDENTITIES: ReadonlySet<string> = new Set<IdentityOutcome>(['admitted', 'over', 'unknown']);

/**
 * Bindings in Redis, shared by every proxy instance and surviving their restarts, with the
 * memory store's rules (see `ExecutionBindings`): each operation is one Lua script, so two
 * instances binding the same key at once cannot both win, and each script is given every
 * key it touches (a lookup that has to learn them asks twice: `lookupIn`). A binding is remembered for
 * `retainMs` after its last use (Redis expires it then), so an execution is never handed
 * to another caller while remembered; `retainMs: Infinity` keeps them for ever. Run it on
 * a Redis that never evicts keys (`maxmemory-policy noeviction`): an evicted binding is a
 * forgotten one. Redis errors are thrown: the proxy then refuses the call.
 */
export const createRedisBindings = (
  client: RedisScriptClient,
  options: RedisBindingsOptions = {},
): ExecutionBindings => {
  const { ttlMs, retainMs } = resolveExpiry(options);
  const prefix = options.prefix ?? 'kyc-flow:proxy:';
  const now = options.now ?? Date.now;
  const scripts = {
    lookup: redisScript(client, LOOKUP),
    held: redisScript(client, HELD),
    bind: redisScript(client, BIND),
    claim: redisScript(client, CLAIM),
    release: redisScript(client, RELEASE),
    countCall: redisScript(client, COUNT_CALL),
    admitIdentity: redisScript(client, ADMIT_IDENTITY),
  };
  const times = (key: BindingKey | '') => {
    const at = now();
    const forever = !Number.isFinite(retainMs);
    return [at, at - ttlMs, forever ? -1 : at - retainMs, forever ? '' : retainMs, key];
  };
  const record = (key: string) => `${prefix}b:${key}`;
  const index = (owner: string) => `${prefix}o:${owner}`;
  const claimOf = (key: BindingKey) => `${prefix}c:${key}`;
  const hints = createHints();

  return {
    lookup: lookupIn({ run: scripts.lookup, record, index, times, hints }),
    held: async (owner) => Number(await scripts.held([index(owner)], times(''))),
    bind: async (key, request) => {
      const args = [...times(key), request.owner, request.quota, request.customer ?? ''];
      const outcome = String(await scripts.bind([record(key), index(request.owner)], args));
      if (!OUTCOMES.has(outcome)) throw new Error(`redis bindings: unexpected answer ${outcome}`);
      if (outcome === 'bound' && hints.get(key) === undefined) {
        hints.set(key, { owner: request.owner, customer: request.customer ?? '' });
      }
      return outcome as BindOutcome;
    },
    claim: async (key, request) => {
      const args = [...times(key), request.owner, Math.max(1, Math.ceil(request.forMs))];
      const outcome = String(await scripts.claim([record(key), claimOf(key)], args));
      if (!CLAIMS.has(outcome)) throw new Error(`redis bindings: unexpected answer ${outcome}`);
      return outcome as ClaimOutcome;
    },
    release: async (key, owner) => {
      await scripts.release([claimOf(key)], [owner]);
    },
    admitIdentity: async (key, request) => {
      const keys = [record(key)];
      const args = [...times(key), request.identity, request.named ? '1' : '0', request.limit];
      const outcome = String(await scripts.admitIdentity(keys, [...args, SHOWN_KEPT]));
      if (!IDENTITIES.has(outcome)) throw new Error(`redis bindings: unexpected answer ${outcome}`);
      return outcome as IdentityOutcome;
    },
    countCall: async (owner) => {
      const at = now();
      const minute = Math.floor(at / CALL_WINDOW_MS);
      const count = await scripts.countCall(
        [`${prefix}r:${owner}:${minute}`],
        [2 * CALL_WINDOW_MS],
      );
      return { count: Number(count), resetInMs: (minute + 1) * CALL_WINDOW_MS - at };
    },
  };
};
