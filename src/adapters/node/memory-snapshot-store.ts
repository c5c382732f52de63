import { newRevision } from './snapshot-envelope.js';
import type { PersistedFlow, SavedFlow, SnapshotStore } from './snapshot-store.js';
import { flowMoved, flowTaken } from './snapshot-store-error.js';

/**
 * Keeps flows in memory, as JSON text so a restored flow never shares objects with a
 * running one. For tests and for runs that resume within one process. Saves are fenced by
 * revision (`loadRevision`): each save is one synchronous step, so nothing comes between.
 */
export function createMemorySnapshotStore(): SnapshotStore & { readonly keys: () => string[] } {
  const saved = new Map<string, { readonly text: string; readonly revision: string }>();
  const location = 'the memory store';
  const loadRevision = async (key: string): Promise<SavedFlow | undefined> => {
    const flow = saved.get(key);
    return flow && { persisted: JSON.parse(flow.text) as PersistedFlow, revision: flow.revision };
  };
  return {
    load: async (key) => (await loadRevision(key))?.persisted,
    loadRevision,
    save: async (key, persisted, options) => {
      const stored = saved.get(key);
      if (options?.onlyNew && stored) throw flowTaken(key, location);
      if (options?.basedOn !== undefined && stored?.revision !== options.basedOn) {
        throw flowMoved(key, location);
      }
      saved.set(key, {
        text: JSON.stringify(persisted),
        revision: options?.revision ?? newRevision(),
      });
    },
    delete: async (key) => {
      saved.delete(key);
    },
    keys: () => [...saved.keys()],
  };
}
