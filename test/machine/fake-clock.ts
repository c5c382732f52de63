import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Flows on a fake clock (`vi.useFakeTimers`, Date included): time moves only when a test
 * moves it, one due timer at a time, so a flow's waits take no real time and a test reads
 * exactly what happened by then.
 */
export function runOnFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Fires due timers, one by one, until `check` holds; fails if it never does. */
export async function advanceUntil(check: () => boolean, maxTimers = 5_000): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  for (let fired = 0; !check(); fired += 1) {
    if (fired >= maxTimers || vi.getTimerCount() === 0) {
      throw new Error(`still waiting after ${fired} timers (${vi.getTimerCount()} pending)`);
    }
    await vi.advanceTimersToNextTimerAsync();
  }
}

/** Moves the clock until `promise` settles, then answers as it does. */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const noted = promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await advanceUntil(() => settled);
  await noted;
  return promise;
}
