/**
 * How the flow waits until a deadline (epoch ms): the next poll, the next OCR read, a
 * suspended back-off. A host may end waits early (a browser tab becoming visible again).
 */
export type Sleep = (until: number, signal?: AbortSignal) => Promise<void>;

/** Timers overflow past 2^31-1 ms (about 24.8 days) and fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Whether a deadline `ms` away is due: not ahead by a timer's resolution (1 ms). A deadline
 * closer than that is due now: a timer would fire no sooner, which would stretch the
 * sub-millisecond waits of a compressed clock (a large `timeScale`) into milliseconds each.
 */
const isDue = (ms: number): boolean => !(ms >= 1);

/** How much longer the wall clock's wait may be than the monotonic one before it is capped. */
const CLOCK_SET_BACK_MS = 1000;

/**
 * Calls `due` at `until` (epoch ms), a far deadline waited out in steps a timer can hold;
 * answers how to cancel. Nothing is armed when the deadline is due: `due` runs at once.
 */
export function timerUntil(until: number, due: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A device clock set back while it waits would stretch the wait by as much: the monotonic
  // clock caps it at the length it had when armed (a clock set forward still ends it sooner).
  // Only then: guards compare deadlines with Date.now(), and the two clocks' drift (or a
  // pause between reading them) must not end a wait before its time by that clock.
  const left = until - Date.now();
  const end = performance.now() + left;
  const arm = () => {
    const wall = until - Date.now();
    const monotonic = end - performance.now();
    const ms = wall - monotonic > CLOCK_SET_BACK_MS ? monotonic : wall;
    if (isDue(ms)) {
      timer = undefined;
      due();
      return;
    }
    timer = setTimeout(arm, Math.min(ms, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Resolves at `until` (epoch ms), or at once if it has passed; rejects when `signal` aborts.
 * While it sleeps, `wakers` holds a function that ends it now (a host's wake-up); with no
 * deadline (`Infinity`), only that or the signal ends it.
 */
export function sleepUntil(
  until: number,
  signal?: AbortSignal,
  wakers?: Set<() => void>,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (isDue(until - Date.now())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let cancel: (() => void) | undefined;
    const end = (aborted: boolean) => {
      cancel?.();
      wakers?.delete(wake);
      signal?.removeEventListener('abort', onAbort);
      if (aborted) reject(signal?.reason);
      else resolve();
    };
    const wake = () => end(false);
    const onAbort = () => end(true);
    wakers?.add(wake);
    signal?.addEventListener('abort', onAbort, { once: true });
    // No deadline (`Infinity`): only a waker or the signal ends it.
    if (until < Number.POSITIVE_INFINITY) cancel = timerUntil(until, wake);
  });
}
