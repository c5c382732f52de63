import { describe, expect, it } from 'vitest';
import {
  defaultPollingOptions,
  nextPollDelay,
  nextRetryDelay,
  resolvePollingOptions,
} from '../../src/machine/polling.js';

const mid = () => 0.5; // no jitter
const options = resolvePollingOptions();

describe('polling policy', () => {
  it('keeps ordinary waits within the vendor guidance of 2–5 s, jitter included', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
      const delay = nextPollDelay({ phase: 'running', attempts: 3 }, options, () => r);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(5_000);
    }
  });

  it('polls fast right after a submission, then backs off to the ordinary pace', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((attempts) =>
      nextPollDelay({ phase: 'running', attempts, sinceSubmitMs: 100 }, options, mid),
    );
    expect(delays[0]).toBe(300);
    for (let i = 1; i < delays.length; i++) {
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    }
    expect(delays.at(-1)).toBe(defaultPollingOptions.intervalMs);
  });

  it('forgets the submission once it is no longer recent', () => {
    expect(
      nextPollDelay({ phase: 'running', attempts: 0, sinceSubmitMs: 60_000 }, options, mid),
    ).toBe(options.intervalMs);
  });

  it('backs off while screening and between OCR reads, reading OCR first after 2–5 s', () => {
    const screening = [0, 1, 2, 8].map((attempts) =>
      nextPollDelay({ phase: 'screening', attempts }, options, mid),
    );
    expect(screening).toEqual([...screening].sort((a, b) => a - b));
    expect(screening.at(-1)).toBe(options.maxIntervalMs);
    const firstOcr = nextPollDelay({ phase: 'ocr', attempts: 0 }, options, mid);
    expect(firstOcr).toBeGreaterThanOrEqual(2_000);
    expect(firstOcr).toBeLessThanOrEqual(5_000);
  });

  it('goes slow in pending review, at a configurable pace', () => {
    expect(nextPollDelay({ phase: 'review', attempts: 0 }, options, mid)).toBe(30_000);
    const custom = resolvePollingOptions({ reviewIntervalMs: 120_000 });
    expect(nextPollDelay({ phase: 'review', attempts: 0 }, custom, mid)).toBe(120_000);
  });

  it('never polls under the floor, whatever the settings', () => {
    const eager = resolvePollingOptions({ afterSubmitMs: 1, floorMs: 400, jitter: 1 });
    expect(nextPollDelay({ phase: 'running', attempts: 0, sinceSubmitMs: 0 }, eager, () => 0)).toBe(
      400,
    );
  });

  it('spreads polls by ±jitter so that many flows do not poll in step', () => {
    const low = nextPollDelay({ phase: 'review', attempts: 0 }, options, () => 0);
    const high = nextPollDelay({ phase: 'review', attempts: 0 }, options, () => 1);
    expect(low).toBe(24_000);
    expect(high).toBe(36_000);
  });

  it('honours a Retry-After hint, unscaled', () => {
    const fast = resolvePollingOptions({ timeScale: 100 });
    expect(nextPollDelay({ phase: 'running', attempts: 0, retryAfterMs: 1_000 }, fast, mid)).toBe(
      1_000,
    );
  });

  it('divides every duration by timeScale, the floor included', () => {
    const fast = resolvePollingOptions({ timeScale: 100 });
    expect(nextPollDelay({ phase: 'review', attempts: 0 }, fast, mid)).toBe(300);
    expect(nextPollDelay({ phase: 'running', attempts: 0, sinceSubmitMs: 0 }, fast, mid)).toBe(3);
  });

  it('backs off exponentially in suspended, capped', () => {
    const delays = [1, 2, 3, 20].map((n) => nextRetryDelay(n, options, undefined, mid));
    expect(delays).toEqual([2_000, 4_000, 8_000, 60_000]);
  });

  it('ignores nonsense settings instead of polling in a hot loop', () => {
    const resolved = resolvePollingOptions({ timeScale: 0, floorMs: Number.NaN, jitter: 7 });
    expect(resolved.timeScale).toBe(1);
    expect(resolved.floorMs).toBe(defaultPollingOptions.floorMs);
    expect(resolved.jitter).toBe(1);
  });
});
