import type { PersistedFlow, SnapshotStore } from './snapshot-store.js';
import { flowTaken } from './snapshot-store-error.js';

/**
 * Keeps flows in memory, as JSON text so a restored flow never shares objects with a
 * running one. For tests and for runs that resume within one process.
 */
export function createMemorySnapshotStore(): SnapshotStore & { readonly keys: () => string[] } {
  const saved = new Map<string, string>();
  return {
    load: async (key) => {
      const text = saved.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as PersistedFlow);
    },
    save: async (key, persisted, options) => {
      if (options?.onlyNew && saved.has(key)) throw flowTaken(key, 'the memory store');
      saved.set(key, JSON.stringify(persisted));
    },
    delete: async (key) => {
      saved.delete(key);
    },
    keys: () => [...saved.keys()],
  };
}
