import type { FlowStore } from '../../src/adapters/browser/index.js';

/** A browser flow's store in memory, its items open to the test. */
export const memoryStore = (): FlowStore & { readonly items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
};
