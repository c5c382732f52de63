import { CALL_WINDOW_MS, type CallCount } from './binding-types.js';

/**
 * Calls per caller in the current minute, in this process's memory. Every caller's count
 * starts again when the clock's minute turns, so the memory held is one entry per caller
 * seen this minute, and at most `maxCallers`: beyond that a caller not yet counted is
 * answered as over any limit (a flood of new callers fails closed, never uncounted).
 */
export const createCallCounter = (now: () => number, maxCallers: number) => {
  let window = Number.NaN;
  let counts = new Map<string, number>();
  return (owner: string): CallCount => {
    const at = now();
    const current = Math.floor(at / CALL_WINDOW_MS);
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const resetInMs = (current + 1) * CALL_WINDOW_MS - at;
    const before = counts.get(owner);
    if (before === undefined && counts.size >= maxCallers) {
      return { count: Number.MAX_SAFE_INTEGER, resetInMs };
    }
    const count = (before ?? 0) + 1;
    counts.set(owner, count);
    return { count, resetInMs };
  };
};
