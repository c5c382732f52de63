import { sleepUntil } from '../../machine/actors/sleep.js';

/** Why reads are held: the page is hidden, or the browser is offline. */
export type HoldReason = 'hidden' | 'offline';

/**
 * Holds the flow's reads while any reason stands and lets them all through the moment the
 * last one goes. Reads wait here instead of failing, so the flow neither spends its retry
 * budget nor polls a server nobody is looking at.
 */
export interface Gate {
  readonly isOpen: boolean;
  hold(reason: HoldReason): void;
  release(reason: HoldReason): void;
  /** Resolves at once when open, else when it opens; rejects with the signal's reason on abort. */
  whenOpen(signal?: AbortSignal): Promise<void>;
}

export const createGate = (): Gate => {
  const reasons = new Set<HoldReason>();
  const waiting = new Set<() => void>();
  return {
    get isOpen() {
      return reasons.size === 0;
    },
    hold(reason) {
      reasons.add(reason);
    },
    release(reason) {
      reasons.delete(reason);
      if (reasons.size === 0) for (const resume of [...waiting]) resume();
    },
    // Open, a deadline passed; held, none at all: only `release` (or the signal) ends the wait.
    whenOpen: (signal) =>
      sleepUntil(reasons.size === 0 ? 0 : Number.POSITIVE_INFINITY, signal, waiting),
  };
};
