import { describe, expect, it } from 'vitest';
import {
  defaultPollingOptions,
  nextPollDelay,
  type PollingOptions,
  resolvePollingOptions,
} from '../../src/machine/polling.js';

const mid = () => 0.5; // no jitter
const options = resolvePollingOptions();

/** The watch's waits over `count` polls in a row that each saw nothing new. */
const watch = (count: number, o: PollingOptions = options) =>
  Array.from({ length: count }, (_, attempts) =>
    nextPollDelay({ phase: 'awaitingHost', attempts }, o, mid),
  );

describe('a node waiting for its host backs off, as a review does', () => {
  it('keeps the steady pace at first, then slows down to its cap', () => {
    const delays = watch(40);
    const steady = delays.slice(0, options.awaitingHostSteadyPolls);
    expect(new Set(steady)).toEqual(new Set([30_000]));
    // After the steady polls (about 5 min by default) every wait is longer than the last…
    const later = delays.slice(options.awaitingHostSteadyPolls);
    expect(later[1]).toBeGreaterThan(30_000);
    expect(
      later.every((delay, index) => index === 0 || delay >= (later[index - 1] as number)),
    ).toBe(true);
    // …up to 5 min between reads: 10 times fewer status reads than a fixed 30 s watch.
    expect(delays.at(-1)).toBe(300_000);
  });

  it('is configurable: its steady polls, its cap, and no back-off at all', () => {
    const quick = resolvePollingOptions({
      awaitingHostSteadyPolls: 2,
      maxAwaitingHostIntervalMs: 60_000,
    });
    expect(watch(6, quick)).toEqual([30_000, 30_000, 30_000, 45_000, 60_000, 60_000]);
    // A cap at the steady pace keeps the old fixed watch.
    const fixed = resolvePollingOptions({ maxAwaitingHostIntervalMs: 30_000 });
    expect(new Set(watch(40, fixed))).toEqual(new Set([30_000]));
    // A cap below the steady pace never makes the watch faster.
    const below = resolvePollingOptions({ maxAwaitingHostIntervalMs: 1_000 });
    expect(new Set(watch(40, below))).toEqual(new Set([30_000]));
  });

  it('reads settings persisted before the back-off existed with its defaults', () => {
    const {
      awaitingHostSteadyPolls: _steady,
      maxAwaitingHostIntervalMs: _max,
      ...older
    } = defaultPollingOptions;
    const delay = nextPollDelay(
      { phase: 'awaitingHost', attempts: 30 },
      older as PollingOptions,
      mid,
    );
    expect(delay).toBe(300_000);
  });

  it('scales with the time scale like every other wait', () => {
    const fast = resolvePollingOptions({ timeScale: 100 });
    expect(watch(40, fast).at(-1)).toBe(3_000);
  });
});
