import type { BindingKey, ExecutionBindings } from './types.js';

/**
 * How long a binding outlives its last use. The vendor publishes no time limit for an
 * execution (it ends TIMEOUT when its own limit passes), and the longest quiet stretch of
 * an onboarding is a manual review: days, over a weekend, with the customer's tab closed
 * and so no poll to refresh the binding. A week since the last call covers that with
 * margin; while a flow runs, every poll refreshes its binding, so a live flow never
 * expires. A host that knows the vendor's limit sets `ttlMs` to it.
 */
export const DEFAULT_BINDING_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * At most this many bindings are kept (two per onboarding: its customer and its
 * execution; roughly 200 bytes each): about 7,000 onboardings a day at the default TTL in
 * some 20 MB. A backend beyond that raises it or plugs a shared store with expiry.
 */
export const DEFAULT_MAX_BINDINGS = 100_000;

export interface MemoryBindingsOptions {
  /** A binding unused for this long is forgotten; default `DEFAULT_BINDING_TTL_MS` (7 days). */
  readonly ttlMs?: number;
  /** Beyond this many, the least recently used binding is forgotten; default `DEFAULT_MAX_BINDINGS`. */
  readonly maxEntries?: number;
  /** The clock, in ms; default `Date.now`. */
  readonly now?: () => number;
}

interface Binding {
  readonly callerId: string;
  expiresAt: number;
}

/**
 * Bindings held in this process's memory: enough for one server instance. Every use (a
 * call naming the customer or the execution) refreshes a binding; one unused for `ttlMs`
 * is forgotten, and beyond `maxEntries` the least recently used goes first.
 *
 * Forgetting is what the TTL means for security: it is the window a claim holds. A
 * forgotten customerId is claimed by the next caller who registers or starts it, exactly
 * like one never seen (hosts that pass `ProxyCaller.customerId` are not exposed: their
 * callers can claim only their own). A forgotten execution is foreign to every caller,
 * its owner included: it fails closed, and the owner starts a new flow. Pick a TTL no
 * shorter than the longest time a flow may sit unused and still be resumed, and a
 * `maxEntries` that the bindings of one TTL never reach (reaching it forgets live ones).
 */
export const createMemoryBindings = (options: MemoryBindingsOptions = {}): ExecutionBindings => {
  const ttlMs = options.ttlMs ?? DEFAULT_BINDING_TTL_MS;
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_BINDINGS);
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on every use keeps it least recently used
  // first, and since every use also pushes the expiry, the expired ones are its head.
  const bindings = new Map<BindingKey, Binding>();

  const forgetExpired = (at: number) => {
    for (const [key, binding] of bindings) {
      if (binding.expiresAt > at) return;
      bindings.delete(key);
    }
  };
  /** The live binding of `key`, refreshed and moved to the most recently used end. */
  const use = (key: BindingKey, at: number): Binding | undefined => {
    forgetExpired(at);
    const binding = bindings.get(key);
    if (binding === undefined) return undefined;
    bindings.delete(key);
    binding.expiresAt = at + ttlMs;
    bindings.set(key, binding);
    return binding;
  };

  return {
    get: async (key) => use(key, now())?.callerId,
    set: async (key, callerId) => {
      const at = now();
      const owner = use(key, at);
      if (owner !== undefined) return owner.callerId;
      bindings.set(key, { callerId, expiresAt: at + ttlMs });
      for (const [oldest] of bindings) {
        if (bindings.size <= maxEntries) break;
        bindings.delete(oldest);
      }
      return callerId;
    },
  };
};
