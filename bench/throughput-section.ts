import type { CustomerProfile } from '../src/adapters/node/profile.js';
import {
  compareThroughput,
  SIDES,
  type ThroughputComparison,
  WATCH_AFTER_HOST_WALL_MS,
} from './throughput.js';

/** Sandbox speed for throughput: every delay shorter than a microsecond, i.e. none. */
export const THROUGHPUT_SPEED = 1_000_000;

/** A gateway in the same region: what a backend sees in production. */
export const REALISTIC_LATENCY_MS = 20;

export interface ThroughputReport extends ThroughputComparison {
  /** For context, not the target: the same with a round trip of `latencyMs` on every request. */
  readonly withLatency: ThroughputComparison;
  readonly note: string;
}

export async function measureThroughput(settings: {
  readonly concurrency: number;
  readonly flows: number;
  readonly rounds: number;
  readonly seed: number;
  readonly profile: CustomerProfile;
  readonly onProgress?: (label: string) => void;
}): Promise<ThroughputReport> {
  const common = { ...settings, speed: THROUGHPUT_SPEED, scenario: 'full' as const };
  settings.onProgress?.(
    `throughput: full scenario, ${settings.concurrency} in flight, ${settings.rounds} rounds of ${settings.flows} flows per side, no delay`,
  );
  const direct = await compareThroughput({
    ...common,
    latencyMs: 0,
    sides: SIDES,
    sandbox: 'process',
  });
  settings.onProgress?.(`throughput: the same with ${REALISTIC_LATENCY_MS} ms per round trip`);
  const withLatency = await compareThroughput({
    ...common,
    rounds: Math.max(1, settings.rounds - 1),
    latencyMs: REALISTIC_LATENCY_MS,
    sides: ['script', 'kycFlow'],
    sandbox: 'process',
  });
  return {
    ...direct,
    withLatency,
    note: `sandbox in a process of its own; kyc-flow's policy compressed ${THROUGHPUT_SPEED}× like the sandbox, its watch beside host input held at ${WATCH_AFTER_HOST_WALL_MS} ms wall clock (in real time it never races an instant host)`,
  };
}
