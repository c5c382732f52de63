import type { BindingKey, ExecutionBindings } from './types.js';

/**
 * Bindings held in this process's memory: enough for one server instance. Entries are
 * never evicted; a long-running backend with many flows plugs a store with expiry.
 */
export const createMemoryBindings = (): ExecutionBindings => {
  const owners = new Map<BindingKey, string>();
  return {
    get: async (key) => owners.get(key),
    set: async (key, callerId) => {
      const owner = owners.get(key);
      if (owner !== undefined) return owner;
      owners.set(key, callerId);
      return callerId;
    },
  };
};
