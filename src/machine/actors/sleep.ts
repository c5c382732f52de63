/**
 * How the flow waits until a deadline (epoch ms): the next poll, the next OCR read, a
 * suspended back-off. A host may end waits early (a browser tab becoming visible again).
 */
export type Sleep = (until: number, signal?: AbortSignal) => Promise<void>;

/** Resolves at `until` (epoch ms), or at once if it has passed; rejects when `signal` aborts. */
export function sleepUntil(until: number, signal?: AbortSignal): Promise<void> {
  const ms = until - Date.now();
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
