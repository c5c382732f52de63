import { describe, expect, it } from 'vitest';
import { nextTickIn, secondsUntil } from '../../src/adapters/react/countdown.js';

describe('the countdown a resend button shows', () => {
  it('counts whole seconds up, and reaches 0 exactly when the time has come', () => {
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(10_000, 9_001)).toBe(1);
    expect(secondsUntil(10_000, 9_999)).toBe(1);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
    expect(secondsUntil(undefined, 12_000)).toBe(0);
  });

  it('always arms a next tick while a second is left, landing past the boundary it waits for', () => {
    // Walk the clock the way the timers would, from any starting point: never stuck above 0.
    for (const start of [0, 1, 250, 999, 1_000, 8_999.5, 9_995, 9_999]) {
      let now = start;
      let ticks = 0;
      while (secondsUntil(10_000, now) > 0) {
        const wait = nextTickIn(10_000, now);
        expect(wait, `at ${now}`).toBeGreaterThan(0);
        const before = secondsUntil(10_000, now);
        now += wait ?? 0;
        expect(secondsUntil(10_000, now)).toBe(before - 1);
        ticks += 1;
      }
      expect(ticks).toBe(secondsUntil(10_000, start));
      expect(nextTickIn(10_000, now)).toBeUndefined();
    }
  });
});
