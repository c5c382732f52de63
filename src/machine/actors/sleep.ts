/**
 * How the flow waits until a deadline (epoch ms): the next poll, the next OCR read, a
 * suspended back-off. A host may end waits early (a browser tab becoming visible again).
 */
export type Sleep = (until: number, signal?: AbortSignal) => Promise<void>;

/** Timers overflow past 2^31-1 ms (about 24.8 days) and fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Calls `due` at `until` (epoch ms), a far deadline waited out in steps a timer can hold;
 * answers how to cancel. Nothing is armed when the deadline has passed: `due` runs at once.
 */
export function timerUntil(until: number, due: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const ms = until - Date.now();
    if (!(ms > 0)) {
      timer = undefined;
      due();
      return;
    }
    timer = setTimeout(arm, Math.min(ms, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}

/** Resolves at `until` (epoch ms), or at once if it has passed; rejects when `signal` aborts. */
export function sleepUntil(until: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (!(until - Date.now() > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = timerUntil(until, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
