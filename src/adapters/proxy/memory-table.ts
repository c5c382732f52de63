import type { BindingKey } from './binding-types.js';

export interface Entry {
  readonly owner: string;
  readonly customer: BindingKey | undefined;
  usedAt: number;
  /**
   * An execution's OTP identities (digests): those its codes went to, those its nodes named
   * (with the callbackKeys they named, `node-keys.ts`).
   */
  identities?: { readonly sent: string[]; readonly named: string[] };
}

/** One owner's keys; `owner` is the one copy of the owner's digest every entry shares. */
interface Holdings {
  readonly owner: string;
  readonly keys: BindingKey[];
}

/**
 * The memory store's entries, least recently used first (every use re-inserts: a `Map`
 * keeps insertion order), with an index of each owner's keys so that an owner's live
 * bindings are counted without a scan of everyone's. An owner holds a handful of keys:
 * a plain array is the lightest index.
 */
export const createEntryTable = () => {
  const entries = new Map<BindingKey, Entry>();
  const byOwner = new Map<string, Holdings>();

  const forget = (key: BindingKey, entry: Entry) => {
    entries.delete(key);
    const holdings = byOwner.get(entry.owner);
    const index = holdings?.keys.indexOf(key) ?? -1;
    if (index !== -1) holdings?.keys.splice(index, 1);
    if (holdings?.keys.length === 0) byOwner.delete(entry.owner);
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
    add: (key: BindingKey, owner: string, customer: BindingKey | undefined, at: number) => {
      const holdings = byOwner.get(owner) ?? { owner, keys: [] };
      byOwner.set(holdings.owner, holdings);
      holdings.keys.push(key);
      entries.set(key, { owner: holdings.owner, customer, usedAt: at });
    },
    /** How many of `owner`'s entries pass `counts`. */
    countOf: (owner: string, counts: (entry: Entry) => boolean) => {
      let found = 0;
      for (const key of byOwner.get(owner)?.keys ?? []) {
        const entry = entries.get(key);
        if (entry && counts(entry)) found += 1;
      }
      return found;
    },
  };
};
