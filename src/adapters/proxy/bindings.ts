import type {
  BindingKey,
  BindOutcome,
  BindRequest,
  ExecutionBindings,
  IdentityOutcome,
  IdentityRequest,
} from './binding-types.js';
import { createCallCounter } from './call-counter.js';
import { type BindingExpiry, resolveExpiry } from './expiry.js';
import { createClaimTable } from './memory-claims.js';
import { createEntryTable, type Entry } from './memory-table.js';

/**
 * At most this many bindings are kept, live or remembered: one per onboarding's
 * execution, and its customer's with `claimCustomers: 'first-caller'`. Each costs the same
 * whatever the ids, since the store holds fixed-length digests.
 */
export const DEFAULT_MAX_BINDINGS = 100_000;

/**
 * What an execution's status reads showed that is noted (the identities and callbackKeys its
 * nodes named): a flow has some ten nodes, retakes and two identities, so this bounds what
 * an execution holds whatever the gateway says. Past it, the oldest noted is forgotten: a
 * new node is always taken, and only a repeat of an answer thirty-odd nodes back is refused.
 */
export const SHOWN_KEPT = 32;

/**
 * An execution's OTP identities and shown callbackKeys, in its entry (forgotten with it):
 * see `admitIdentity`.
 */
const admitIdentityIn = (entry: Entry | undefined, request: IdentityRequest): IdentityOutcome => {
  if (entry === undefined) return 'unknown';
  entry.identities ??= { sent: [], named: [] };
  const { sent, named } = entry.identities;
  if (named.includes(request.identity) || sent.includes(request.identity)) return 'admitted';
  if (request.named) {
    if (named.length >= SHOWN_KEPT) named.shift();
    named.push(request.identity);
    return 'admitted';
  }
  if (sent.length >= request.limit) return 'over';
  sent.push(request.identity);
  return 'admitted';
};

/** Forgets what was last used before `since`; the table is in use order, so only its head. */
const forgetPast = (table: ReturnType<typeof createEntryTable>, since: number) => {
  for (const [key, entry] of table.inUseOrder()) {
    if (since < entry.usedAt) return;
    table.forget(key, entry);
  }
};

export interface MemoryBindingsOptions extends BindingExpiry {
  /** The most bindings kept; default `DEFAULT_MAX_BINDINGS`. */
  readonly maxEntries?: number;
  /** The clock, in ms; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Bindings held in this process's memory: one server instance, lost on restart (every
 * flow in progress is then refused and starts anew). Bounded: at most `maxEntries`, each
 * of the same small size, and each caller at most its quota of live ones. When full, the
 * least recently used binding that is no longer live is forgotten to make room, never a
 * live one (the new binding is refused instead, `full`). A forgotten binding can be
 * claimed again: with `claimCustomers: 'first-caller'` that is the one way this store can
 * hand an old customer on, so such a host sizes `maxEntries` well above its bindings of
 * one retention period, or uses `createRedisBindings`.
 */
export const createMemoryBindings = (options: MemoryBindingsOptions = {}): ExecutionBindings => {
  const { ttlMs, retainMs } = resolveExpiry(options);
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_BINDINGS);
  const now = options.now ?? Date.now;
  const table = createEntryTable();
  const claims = createClaimTable(maxEntries);
  const countCall = createCallCounter(now, maxEntries);

  const isLive = (entry: Entry, at: number) => at < entry.usedAt + ttlMs;
  const heldBy = (owner: string, at: number) => table.countOf(owner, (e) => isLive(e, at));
  const tidy = (at: number) => forgetPast(table, at - retainMs);
  /** Room for one more: forgets bindings that are no longer live, never a live one. */
  const makeRoom = (at: number): boolean => {
    for (const [key, entry] of table.inUseOrder()) {
      if (table.size < maxEntries || isLive(entry, at)) break;
      table.forget(key, entry);
    }
    return table.size < maxEntries;
  };
  const add = (key: BindingKey, request: BindRequest, at: number): BindOutcome => {
    if (heldBy(request.owner, at) >= request.quota) return 'quota';
    if (!makeRoom(at)) return 'full';
    table.add(key, request.owner, request.customer, at);
    return 'bound';
  };
  const bind = (key: BindingKey, request: BindRequest, at: number): BindOutcome => {
    tidy(at);
    const entry = table.get(key);
    if (entry === undefined) return add(key, request, at);
    if (entry.owner !== request.owner) return 'taken';
    if (!isLive(entry, at)) {
      if (key.startsWith('execution:')) return 'expired';
      if (heldBy(request.owner, at) >= request.quota) return 'quota';
    }
    table.touch(key, entry, at);
    return 'bound';
  };
  /** A live execution keeps its customer alive. */
  const touchWithCustomer = (key: BindingKey, entry: Entry, at: number) => {
    table.touch(key, entry, at);
    const customer = entry.customer === undefined ? undefined : table.get(entry.customer);
    if (entry.customer && customer?.owner === entry.owner) {
      table.touch(entry.customer, customer, at);
    }
  };

  return {
    lookup: async (key) => {
      const at = now();
      tidy(at);
      const entry = table.get(key);
      if (entry === undefined) return undefined;
      const live = isLive(entry, at);
      if (live) touchWithCustomer(key, entry, at);
      return { owner: entry.owner, live };
    },
    held: async (owner) => {
      const at = now();
      tidy(at);
      return heldBy(owner, at);
    },
    bind: async (key, request) => bind(key, request, now()),
    countCall: async (owner) => countCall(owner),
    claim: async (key, request) => {
      const at = now();
      tidy(at);
      const entry = table.get(key);
      if (entry !== undefined) return entry.owner === request.owner ? 'claimed' : 'taken';
      return claims.claim(key, request, at);
    },
    release: async (key, owner) => claims.release(key, owner),
    admitIdentity: async (key, request) => {
      tidy(now());
      return admitIdentityIn(table.get(key), request);
    },
  };
};
