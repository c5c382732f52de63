import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleepUntil } from '../../src/machine/actors/sleep.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A sleep, and whether it has ended (and how) so far. */
const watched = (sleep: Promise<void>) => {
  const state = { ended: undefined as 'woke' | 'aborted' | undefined };
  sleep.then(
    () => {
      state.ended = 'woke';
    },
    () => {
      state.ended = 'aborted';
    },
  );
  return state;
};

describe('sleepUntil: the flow’s one sleep', () => {
  it('ends at its deadline, not a millisecond before', async () => {
    const sleep = watched(sleepUntil(Date.now() + 5_000));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sleep.ended).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sleep.ended).toBe('woke');
  });

  it('a device clock set back while it waits does not stretch the wait (a monotonic cap)', async () => {
    const sleep = watched(sleepUntil(Date.now() + 5_000));
    await vi.advanceTimersByTimeAsync(2_000);
    // The clock goes back an hour; performance.now() (the fake's monotonic clock) does not.
    vi.setSystemTime(Date.now() - 3_600_000);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(sleep.ended).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(sleep.ended).toBe('woke');
  });

  it('never wakes before its deadline by Date.now() for a few ms between the two clocks (guards read Date.now())', async () => {
    const until = Date.now() + 5_000;
    // The monotonic clock read 3 ms before the wall clock as the wait is armed (a pause
    // between the two reads, or drift): the cap must not end the wait 3 ms early.
    const read = performance.now.bind(performance);
    vi.spyOn(performance, 'now').mockImplementationOnce(() => read() - 3);
    const sleep = watched(sleepUntil(until));
    await vi.advanceTimersByTimeAsync(4_997);
    expect(sleep.ended).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3);
    expect(sleep.ended).toBe('woke');
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    vi.restoreAllMocks();
  });

  it('waits out a deadline past what one timer holds (2^31-1 ms) instead of firing early', async () => {
    const far = 3_000_000_000;
    const sleep = watched(sleepUntil(Date.now() + far));
    await vi.advanceTimersByTimeAsync(2_147_483_647);
    expect(sleep.ended).toBeUndefined();
    await vi.advanceTimersByTimeAsync(far - 2_147_483_647);
    expect(sleep.ended).toBe('woke');
  });

  it('ends at once when woken, and leaves no timer and no waker behind', async () => {
    const wakers = new Set<() => void>();
    const sleep = watched(sleepUntil(Date.now() + 60_000, undefined, wakers));
    expect([vi.getTimerCount(), wakers.size]).toEqual([1, 1]);
    for (const wake of wakers) wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.ended).toBe('woke');
    expect([vi.getTimerCount(), wakers.size]).toEqual([0, 0]);
  });

  it('rejects with the reason when its signal aborts, leaving nothing behind', async () => {
    const controller = new AbortController();
    const wakers = new Set<() => void>();
    const sleeping = sleepUntil(Date.now() + 60_000, controller.signal, wakers);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect([vi.getTimerCount(), wakers.size]).toEqual([0, 0]);
    await expect(sleepUntil(Date.now() + 1, controller.signal)).rejects.toThrow('stopped');
  });

  it('with no deadline (Infinity) arms no timer: only a waker or the signal ends it', async () => {
    const wakers = new Set<() => void>();
    const sleep = watched(sleepUntil(Number.POSITIVE_INFINITY, undefined, wakers));
    expect([vi.getTimerCount(), wakers.size]).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(3_000_000_000);
    expect(sleep.ended).toBeUndefined();
    for (const wake of wakers) wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.ended).toBe('woke');
    expect(wakers.size).toBe(0);

    const controller = new AbortController();
    const held = sleepUntil(Number.POSITIVE_INFINITY, controller.signal, wakers);
    controller.abort(new Error('stopped'));
    await expect(held).rejects.toThrow('stopped');
    expect([vi.getTimerCount(), wakers.size]).toEqual([0, 0]);
  });

  it('ends at once for a deadline that has passed', async () => {
    const sleep = watched(sleepUntil(Date.now() - 1));
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.ended).toBe('woke');
    expect(vi.getTimerCount()).toBe(0);
  });
});
