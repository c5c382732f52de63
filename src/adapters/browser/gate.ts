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
      if (reasons.size > 0) return;
      const ready = [...waiting];
      waiting.clear();
      for (const resume of ready) resume();
    },
    whenOpen(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (reasons.size === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const resume = () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          waiting.delete(resume);
          reject(signal?.reason);
        };
        waiting.add(resume);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
  };
};
