import type { BindingKey } from './binding-types.js';

export interface Entry {
  readonly owner: string;
  readonly customer: BindingKey | undefined;
  usedAt: number;
}

/**
 * The memory store's entries, least recently used first (every use re-inserts: a `Map`
 * keeps insertion order), with an index of each owner's keys so that an owner's live
 * bindings are counted without a scan of everyone's.
 */
export const createEntryTable = () => {
  const entries = new Map<BindingKey, Entry>();
  const byOwner = new Map<string, Set<BindingKey>>();

  const forget = (key: BindingKey, entry: Entry) => {
    entries.delete(key);
    const keys = byOwner.get(entry.owner);
    keys?.delete(key);
    if (keys?.size === 0) byOwner.delete(entry.owner);
  };

  return {
    get: (key: BindingKey) => entries.get(key),
    get size() {
      return entries.size;
    },
    /** Oldest use first. */
    inUseOrder: () => entries.entries(),
    forget,
    touch: (key: BindingKey, entry: Entry, at: number) => {
      entries.delete(key);
      entry.usedAt = at;
      entries.set(key, entry);
    },
    add: (key: BindingKey, entry: Entry) => {
      entries.set(key, entry);
      const keys = byOwner.get(entry.owner) ?? new Set();
      byOwner.set(entry.owner, keys.add(key));
    },
    /** How many of `owner`'s entries pass `counts`. */
    countOf: (owner: string, counts: (entry: Entry) => boolean) => {
      let found = 0;
      for (const key of byOwner.get(owner) ?? []) {
        const entry = entries.get(key);
        if (entry && counts(entry)) found += 1;
      }
      return found;
    },
  };
};
