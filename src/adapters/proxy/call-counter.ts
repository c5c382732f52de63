import { CALL_WINDOW_MS, type CallCount } from './binding-types.js';

interface Tally {
  readonly window: number;
  readonly count: number;
}

/**
 * Calls per caller in the current minute, in this process's memory: at most `maxCallers`
 * callers, least recently seen first. A caller not yet counted when the table is full makes
 * room by forgetting the one seen longest ago, never by being refused: a flood of new
 * callers (one call each, under fresh sessions) would otherwise lock out every customer
 * whose flow had not called yet in the minute. A forgotten caller counts from 1 again, so
 * one caller gets past its limit only when more than `maxCallers` others call between two
 * of its calls; limiting such floods of sessions is the host's (before the proxy).
 */
export const createCallCounter = (now: () => number, maxCallers: number) => {
  const tallies = new Map<string, Tally>();
  return (owner: string): CallCount => {
    const at = now();
    const window = Math.floor(at / CALL_WINDOW_MS);
    // Callers silent since an earlier minute have nothing left to count: the oldest first.
    for (const [silent, tally] of tallies) {
      if (tally.window === window) break;
      tallies.delete(silent);
    }
    const before = tallies.get(owner);
    if (before === undefined) {
      const oldest = tallies.keys().next();
      if (tallies.size >= maxCallers && !oldest.done) tallies.delete(oldest.value);
    } else {
      // Seen again: to the end of the use order.
      tallies.delete(owner);
    }
    const count = (before?.count ?? 0) + 1;
    tallies.set(owner, { window, count });
    return { count, resetInMs: (window + 1) * CALL_WINDOW_MS - at };
  };
};
