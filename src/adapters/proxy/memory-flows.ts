import type { FlowsStore } from './flows-types.js';

/** At most this many bytes of keys and values are kept by default: some two thousand saved flows. */
export const DEFAULT_MAX_FLOW_BYTES = 64 * 1024 * 1024;

export interface MemoryFlowsOptions {
  /**
   * The most bytes of keys and values kept (all of them ASCII); default
   * `DEFAULT_MAX_FLOW_BYTES`. Keys count too: many small entries cost their keys' room.
   */
  readonly maxBytes?: number;
  /** The clock, in ms; default `Date.now`. */
  readonly now?: () => number;
}

interface Held {
  readonly value: string;
  readonly until: number;
}

/**
 * Flows kept in this process's memory: one server instance, lost on restart (a page then
 * starts its flow over). Bounded: when a write finds no room, what is past its keeping
 * goes first; if there is still none, the write is refused (`full`), never a kept flow lost.
 */
export const createMemoryFlows = (options: MemoryFlowsOptions = {}): FlowsStore => {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FLOW_BYTES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Held>();
  let bytes = 0;
  const forget = (key: string, held: Held) => {
    entries.delete(key);
    bytes -= key.length + held.value.length;
  };
  const current = (key: string) => {
    const held = entries.get(key);
    if (held && held.until <= now()) forget(key, held);
    return entries.get(key);
  };
  const makeRoom = (needed: number) => {
    if (bytes + needed <= maxBytes) return true;
    const at = now();
    for (const [key, held] of entries) if (held.until <= at) forget(key, held);
    return bytes + needed <= maxBytes;
  };
  return {
    read: async (key) => current(key)?.value,
    write: async (key, value, keepMs, expected) => {
      const held = current(key);
      if (expected !== undefined && (held?.value ?? null) !== expected) return 'changed';
      const needed = held ? value.length - held.value.length : key.length + value.length;
      if (!makeRoom(needed)) return 'full';
      if (held) forget(key, held);
      entries.set(key, { value, until: now() + keepMs });
      bytes += key.length + value.length;
      return 'written';
    },
    take: async (key) => {
      const held = current(key);
      if (held) forget(key, held);
      return held?.value;
    },
  };
};
