import type { FlowContext } from '../../machine/context.js';
import type { PersistedFlow } from '../../machine/types.js';
import type { FlowStore } from './types.js';

/**
 * A customer's saved flow, kept as JSON under one key. Storage that throws (quota, a
 * blocked store) only costs the resume, never the running flow, so every access is guarded.
 */
export interface SavedFlow {
  read(): PersistedFlow | undefined;
  write(flow: PersistedFlow): void;
  clear(): void;
}

const isPersistedFlow = (value: unknown): value is PersistedFlow =>
  typeof value === 'object' &&
  value !== null &&
  (value as { version?: unknown }).version === 1 &&
  typeof (value as { snapshot?: unknown }).snapshot === 'object';

export const savedFlow = (store: FlowStore, key: string): SavedFlow => {
  let last: string | undefined;
  return {
    read() {
      try {
        const text = store.getItem(key);
        if (text === null) return undefined;
        const value: unknown = JSON.parse(text);
        if (isPersistedFlow(value)) return value;
      } catch {
        // Unreadable JSON: fall through and forget it.
      }
      this.clear();
      return undefined;
    },
    write(flow) {
      const text = JSON.stringify(flow);
      // Most snapshots differ from the last one only when the flow moved: skip the rest.
      if (text === last) return;
      try {
        store.setItem(key, text);
        last = text;
      } catch {
        // Quota or a blocked store: the flow carries on; only a reload would start over.
      }
    },
    clear() {
      last = undefined;
      try {
        store.removeItem(key);
      } catch {
        // Nothing to do: a store that cannot remove could not have kept anything either.
      }
    },
  };
};

/**
 * The flow over the saved snapshot, if there is one this chart can read. A snapshot from
 * an older version of the chart, or edited by hand, is forgotten: the flow starts over.
 * So is an outcome kept for another verification than the `referenceId` the host names
 * now (one it names anew is a new verification; a flow under way is resumed whatever).
 */
export const restoreFlow = <Flow>(
  saved: SavedFlow | undefined,
  build: (snapshot: PersistedFlow) => Flow,
  referenceId?: string,
): Flow | undefined => {
  const snapshot = saved?.read();
  if (!snapshot) return undefined;
  const { status, context } = snapshot.snapshot as { status?: unknown; context?: FlowContext };
  if (status === 'done' && referenceId !== undefined && context?.referenceId !== referenceId) {
    saved?.clear();
    return undefined;
  }
  try {
    return build(snapshot);
  } catch {
    saved?.clear();
    return undefined;
  }
};
