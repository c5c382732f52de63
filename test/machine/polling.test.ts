import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPollingOptions,
  nextPollDelay,
  nextRetryDelay,
  type PollContext,
  type PollingOptions,
  type PollPhase,
  resolvePollingOptions,
} from '../../src/machine/polling.js';

const mid = () => 0.5; // no jitter
const options = resolvePollingOptions();
const PHASES: readonly PollPhase[] = ['running', 'screening', 'ocr', 'review', 'awaitingHost'];

/** The waits of `count` polls in a row that each saw nothing new. */
const series = (ctx: Omit<PollContext, 'attempts'>, count: number, o: PollingOptions = options) =>
  Array.from({ length: count }, (_, attempts) => nextPollDelay({ ...ctx, attempts }, o, mid));

const nonDecreasing = (values: readonly number[]) =>
  values.every((value, index) => index === 0 || value >= (values[index - 1] as number));

const settings = fc.record({
  floorMs: fc.integer({ min: 0, max: 5_000 }),
  minWaitMs: fc.integer({ min: 0, max: 2_000 }),
  afterSubmitMs: fc.integer({ min: 0, max: 10_000 }),
  growth: fc.double({ min: 0, max: 4, noNaN: true }),
  intervalMs: fc.integer({ min: 0, max: 20_000 }),
  maxIntervalMs: fc.integer({ min: 0, max: 20_000 }),
  screeningMs: fc.integer({ min: 0, max: 10_000 }),
  ocrIntervalMs: fc.integer({ min: 0, max: 10_000 }),
  reviewIntervalMs: fc.integer({ min: 0, max: 120_000 }),
  reviewSteadyPolls: fc.integer({ min: 0, max: 20 }),
  maxReviewIntervalMs: fc.integer({ min: 0, max: 600_000 }),
  jitter: fc.double({ min: 0, max: 1, noNaN: true }),
  timeScale: fc.double({ min: 0.5, max: 1_000, noNaN: true }),
});

describe('polling policy', () => {
  it('looks again about a second after a submission, then backs off to the ordinary pace', () => {
    const delays = series({ phase: 'running', sinceSubmitMs: 0 }, 8);
    expect(delays[0]).toBe(1_000);
    expect(nonDecreasing(delays)).toBe(true);
    expect(delays.at(-1)).toBe(options.intervalMs);
  });

  it('looks at once when the submission is older than the first look (an OCR ran since)', () => {
    const afterOcr = nextPollDelay(
      { phase: 'running', attempts: 0, sinceSubmitMs: 9_000 },
      options,
      mid,
    );
    expect(afterOcr).toBe(options.minWaitMs);
    const partly = nextPollDelay(
      { phase: 'running', attempts: 0, sinceSubmitMs: 400 },
      options,
      mid,
    );
    expect(partly).toBe(options.afterSubmitMs - 400);
    // Nothing new at that look: the ordinary after-submit back-off from there on.
    expect(
      nextPollDelay({ phase: 'running', attempts: 1, sinceSubmitMs: 9_300 }, options, mid),
    ).toBe(options.afterSubmitMs * options.growth);
  });

  it('keeps the ordinary pace within the vendor guidance of 2–5 s, jitter included', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 1]) {
      const delay = nextPollDelay({ phase: 'running', attempts: 3 }, options, () => r);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(5_000);
    }
  });

  it('forgets the submission once it is no longer recent', () => {
    expect(
      nextPollDelay({ phase: 'running', attempts: 0, sinceSubmitMs: 60_000 }, options, mid),
    ).toBe(options.intervalMs);
  });

  it('backs off while screening runs, up to its ceiling', () => {
    const delays = series({ phase: 'screening' }, 8);
    expect(delays[0]).toBe(options.screeningMs);
    expect(nonDecreasing(delays)).toBe(true);
    expect(delays.at(-1)).toBe(options.maxIntervalMs);
  });

  it('reads a long RUNNING or screening gently: steady for a while, then backing off, capped', () => {
    const steadyPolls = options.runningSteadyPolls;
    for (const phase of ['running', 'screening'] as const) {
      const delays = series({ phase }, steadyPolls + 40);
      expect(nonDecreasing(delays)).toBe(true);
      // The vendor's 2–5 s for as long as a step may take …
      expect(Math.max(...delays.slice(0, steadyPolls))).toBeLessThanOrEqual(5_000);
      // … then slower, until a worker may park the flow between reads (10 s by default).
      expect(delays[steadyPolls + 4]).toBeGreaterThan(10_000);
      expect(delays.at(-1)).toBe(options.maxRunningIntervalMs);
    }
  });

  it('reads OCR first after 2–5 s (the vendor guide), then backs off between reads', () => {
    const delays = series({ phase: 'ocr' }, 6);
    expect(delays[0]).toBeGreaterThanOrEqual(2_000);
    expect(delays[0]).toBeLessThanOrEqual(5_000);
    const later = delays.slice(1);
    expect(nonDecreasing(later)).toBe(true);
    expect(later.at(-1)).toBe(options.maxIntervalMs);
  });

  it('goes slow in pending review, steady at first, slower still in a long review, capped', () => {
    const delays = series({ phase: 'review' }, 40);
    const steady = delays.slice(0, options.reviewSteadyPolls);
    expect(new Set(steady)).toEqual(new Set([options.reviewIntervalMs]));
    expect(nonDecreasing(delays)).toBe(true);
    expect(delays.at(-1)).toBe(options.maxReviewIntervalMs);
    const custom = resolvePollingOptions({
      reviewIntervalMs: 120_000,
      maxReviewIntervalMs: 60_000,
    });
    // A cap below the steady pace never makes the review poll faster.
    expect(series({ phase: 'review' }, 30, custom).every((delay) => delay === 120_000)).toBe(true);
  });

  it('watches a node that waits for the host at a slow pace', () => {
    expect(nextPollDelay({ phase: 'awaitingHost', attempts: 0 }, options, mid)).toBe(30_000);
  });

  it('never backs off faster than it started, whatever the settings', () => {
    fc.assert(
      fc.property(settings, fc.constantFrom(...PHASES), (given, phase) => {
        const o = resolvePollingOptions(given);
        const delays = series({ phase, sinceSubmitMs: 0 }, 30, o);
        // OCR's first read is on its own clock (the guide's 2–5 s), so compare the reads after it.
        return nonDecreasing(phase === 'ocr' ? delays.slice(1) : delays);
      }),
    );
  });

  it('never waits under its minimum, jitter included, whatever the settings', () => {
    fc.assert(
      fc.property(
        settings,
        fc.constantFrom(...PHASES),
        fc.nat(50),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (given, phase, attempts, r) => {
          const o = resolvePollingOptions(given);
          const delay = nextPollDelay({ phase, attempts, sinceSubmitMs: 0 }, o, () => r);
          return delay >= Math.round(o.minWaitMs / o.timeScale);
        },
      ),
    );
  });

  it('spreads every wait within ±jitter, so that many flows do not poll in step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PHASES),
        fc.nat(20),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (phase, attempts, r) => {
          const ctx: PollContext = { phase, attempts, sinceSubmitMs: 0 };
          const base = nextPollDelay(ctx, options, mid);
          const delay = nextPollDelay(ctx, options, () => r);
          return (
            delay >= Math.floor(base * (1 - options.jitter)) &&
            delay <= Math.ceil(base * (1 + options.jitter))
          );
        },
      ),
    );
    const low = nextPollDelay({ phase: 'review', attempts: 0 }, options, () => 0);
    const high = nextPollDelay({ phase: 'review', attempts: 0 }, options, () => 1);
    expect([low, high]).toEqual([24_000, 36_000]);
  });

  it('waits at least what Retry-After asks, unscaled, in every phase', () => {
    const fast = resolvePollingOptions({ timeScale: 100 });
    for (const phase of PHASES) {
      expect(nextPollDelay({ phase, attempts: 0, retryAfterMs: 7_000 }, fast, mid)).toBe(7_000);
    }
    // All of it, past the longest back-off: a call sent sooner is one the gateway punishes.
    expect(
      nextPollDelay({ phase: 'running', attempts: 0, retryAfterMs: 86_400_000 }, fast, mid),
    ).toBe(86_400_000);
    // A hint shorter than the policy's own wait changes nothing.
    expect(nextPollDelay({ phase: 'review', attempts: 0, retryAfterMs: 1_000 }, options, mid)).toBe(
      30_000,
    );
  });

  it('divides every duration by timeScale, the floor included', () => {
    const fast = resolvePollingOptions({ timeScale: 100 });
    expect(nextPollDelay({ phase: 'review', attempts: 0 }, fast, mid)).toBe(300);
    expect(nextPollDelay({ phase: 'running', attempts: 0, sinceSubmitMs: 0 }, fast, mid)).toBe(10);
    const floored = resolvePollingOptions({ timeScale: 100, afterSubmitMs: 1 });
    expect(nextPollDelay({ phase: 'running', attempts: 0, sinceSubmitMs: 0 }, floored, mid)).toBe(
      3,
    );
  });

  it('backs off exponentially in suspended, capped, and honours Retry-After there too', () => {
    const delays = [1, 2, 3, 20].map((n) => nextRetryDelay(n, options, undefined, mid));
    expect(delays).toEqual([2_000, 4_000, 8_000, 60_000]);
    expect(nextRetryDelay(1, options, 9_000, mid)).toBe(9_000);
    // The back-off's cap is the policy's: a server's hour is waited in full.
    expect(nextRetryDelay(20, options, 3_600_000, mid)).toBe(3_600_000);
  });

  it('ignores nonsense settings instead of polling in a hot loop', () => {
    const resolved = resolvePollingOptions({
      timeScale: 0,
      floorMs: Number.NaN,
      jitter: 7,
      growth: 0.5,
    });
    expect(resolved.timeScale).toBe(1);
    expect(resolved.floorMs).toBe(defaultPollingOptions.floorMs);
    expect(resolved.jitter).toBe(1);
    expect(resolved.growth).toBe(1);
  });

  it('reads settings persisted without the newer knobs with their defaults', () => {
    const { reviewSteadyPolls: _steady, maxReviewIntervalMs: _max, ...older } = options;
    const delay = nextPollDelay({ phase: 'review', attempts: 25 }, older as PollingOptions, mid);
    expect(delay).toBeGreaterThan(options.reviewIntervalMs);
    expect(delay).toBeLessThanOrEqual(options.maxReviewIntervalMs);
  });
});
