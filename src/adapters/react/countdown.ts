import { useEffect, useState } from 'react';

/** Whole seconds from `now` until `until` (epoch ms), rounded up; 0 once it has passed. */
export const secondsUntil = (until: number | undefined, now: number): number =>
  until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));

/**
 * How long to wait from `now` for the count `secondsUntil` gives to drop by one: to the
 * next whole second before `until` (a few ms past it, so that the render lands on the
 * far side); `undefined` once nothing is left to count.
 */
export const nextTickIn = (until: number | undefined, now: number): number | undefined => {
  const left = secondsUntil(until, now);
  if (until === undefined || left === 0) return undefined;
  return until - (left - 1) * 1000 - now + 4;
};

/** Re-renders the caller each time the count of seconds to `until` drops, down to 0. */
function useTicks(until: number | undefined, everySecond: boolean): number {
  const [tick, setTick] = useState(0);
  const left = secondsUntil(until, Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: each tick arms the next, even one that fired a little early and changed nothing shown
  useEffect(() => {
    if (left === 0 || until === undefined) return;
    const now = Date.now();
    const wait = everySecond ? nextTickIn(until, now) : until - now + 4;
    const timer = setTimeout(() => setTick((tick) => tick + 1), Math.max(0, wait ?? 0));
    return () => clearTimeout(timer);
  }, [until, left, everySecond, tick]);
  return left;
}

/**
 * Seconds left until `until` (epoch ms), for a countdown such as "Resend code in 12 s":
 * the component re-renders once a second and a last time when it reaches 0, then stops.
 * `undefined` counts nothing (0).
 */
export const useCountdown = (until: number | undefined): number => useTicks(until, true);

/** Whether `at` (epoch ms) has passed; re-renders the caller once, when it does. */
export const useTimeReached = (at: number | undefined): boolean => useTicks(at, false) === 0;
