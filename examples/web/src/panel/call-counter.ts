import { useSyncExternalStore } from 'react';
import { readNote, writeNote } from '../saved';

/** Calls this page made to the proxy, by gateway method, for the customer shown. */
export type CallCounts = Readonly<Record<string, number>>;

let counts: CallCounts = {};
let kept: { storage: Storage; key: string } | undefined;
let observer: PerformanceObserver | undefined;
const listeners = new Set<() => void>();

const note = (entries: readonly PerformanceEntry[]) => {
  let next = counts;
  for (const entry of entries) {
    const url = new URL(entry.name, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== '/api/kyc') continue;
    const method = url.searchParams.get('api') ?? 'unknown';
    next = { ...next, [method]: (next[method] ?? 0) + 1 };
  }
  if (next === counts) return;
  counts = next;
  if (kept) writeNote(kept.storage, kept.key, counts);
  for (const listener of listeners) listener();
};

/**
 * Starts counting, as the browser reports each finished request (fetch and upload alike),
 * so the counts move with the flow, not on a timer. A reload carries on from the kept counts.
 */
export function openCallCounter(storage: Storage, customerId: string): void {
  const key = `kyc-demo:calls:${customerId}`;
  if (kept?.key === key) return;
  kept = { storage, key };
  counts = readNote<CallCounts>(storage, key, {});
  if (!observer && typeof PerformanceObserver === 'function') {
    observer = new PerformanceObserver((list) => note(list.getEntries()));
    observer.observe({ type: 'resource', buffered: true });
  }
  for (const listener of listeners) listener();
}

export function useCallCounts(): CallCounts {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => counts,
  );
}
