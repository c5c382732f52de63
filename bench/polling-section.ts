import type { CustomerProfile } from '../src/adapters/node/profile.js';
import { type HostPace, INTERACTIVE_THINK_MS } from './host-pace.js';
import {
  comparePolling,
  NAIVE_INTERVAL_MS,
  type PollingComparison,
  type PollingScenario,
} from './polling.js';

/** Real-world time the operator takes to decide a manual review: a quick one. */
export const REVIEW_MS = 120_000;

export interface PollingReport {
  readonly speed: number;
  readonly flowsPerSide: number;
  readonly naiveIntervalMs: number;
  readonly reviewMs: number;
  readonly hostPace: string;
  /** A person answers each node (the target is judged here). */
  readonly full: PollingComparison;
  readonly 'manual-review': PollingComparison;
  /** A backend answers each node at once, from data it already holds. */
  readonly headless: {
    readonly full: PollingComparison;
    readonly 'manual-review': PollingComparison;
  };
}

export async function measurePolling(settings: {
  readonly speed: number;
  readonly flows: number;
  readonly seed: number;
  readonly profile: CustomerProfile;
  readonly onProgress?: (label: string) => void;
}): Promise<PollingReport> {
  const run = (scenario: PollingScenario, pace: HostPace) => {
    settings.onProgress?.(`polling: ${scenario}, ${pace} host`);
    return comparePolling(scenario, { ...settings, pace, reviewMs: REVIEW_MS });
  };
  // One after the other: timer precision is the instrument here, so nothing else competes.
  const full = await run('full', 'interactive');
  const review = await run('manual-review', 'interactive');
  const headlessFull = await run('full', 'headless');
  const headlessReview = await run('manual-review', 'headless');
  const [min, max] = INTERACTIVE_THINK_MS;
  return {
    speed: settings.speed,
    flowsPerSide: settings.flows,
    naiveIntervalMs: NAIVE_INTERVAL_MS,
    reviewMs: REVIEW_MS,
    hostPace: `interactive: a person answers each node after ${min / 1000}–${max / 1000} s; headless: at once`,
    full,
    'manual-review': review,
    headless: { full: headlessFull, 'manual-review': headlessReview },
  };
}
