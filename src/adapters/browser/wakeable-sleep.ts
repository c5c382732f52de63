/**
 * Sleeps the flow's waits (the next poll, the next OCR read, a suspended back-off) can be
 * woken from: when the page becomes visible again, whatever was scheduled runs at once
 * instead of at its deadline. Host-agnostic in shape: `(until, signal) => Promise<void>`.
 */
export interface WakeableSleep {
  sleep(until: number, signal?: AbortSignal): Promise<void>;
  /** Ends every pending sleep now. */
  wake(): void;
}

/** Timers overflow past 2^31-1 ms and would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export const createWakeableSleep = (): WakeableSleep => {
  const sleeping = new Set<() => void>();
  return {
    sleep(until, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const ms = until - Date.now();
      if (!(ms > 0)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          sleeping.delete(finish);
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          clearTimeout(timer);
          sleeping.delete(finish);
          reject(signal?.reason);
        };
        const timer = setTimeout(finish, Math.min(ms, MAX_TIMER_MS));
        sleeping.add(finish);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
    wake() {
      for (const finish of [...sleeping]) finish();
    },
  };
};
