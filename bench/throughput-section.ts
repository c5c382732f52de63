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
  /**
   * For context, not the target: the same with the sandbox in the bench's own process, so
   * the clients compete with the gateway's CPU on the same cores (its own ratio).
   */
  readonly inProcess: ThroughputComparison;
  /** For context, not the target: a round trip of `latencyMs` on every request. */
  readonly withLatency: ThroughputComparison;
  readonly note: string;
}

/**
 * Throughput as the target is judged: the sandbox in a process of its own (a team's
 * gateway is another machine), so this process's CPU is the clients' alone; then, for
 * context, the sandbox in this process, and the realistic round trip.
 */
export async function measureThroughput(settings: {
  readonly concurrency: number;
  readonly flows: number;
  readonly rounds: number;
  readonly seed: number;
  readonly profile: CustomerProfile;
  readonly onProgress?: (label: string) => void;
}): Promise<ThroughputReport> {
  const common = { ...settings, speed: THROUGHPUT_SPEED, scenario: 'full' as const };
  const context = {
    rounds: Math.max(1, settings.rounds - 1),
    sides: ['script', 'kycFlow'],
  } as const;
  // A round trip makes each flow take seconds: fewer flows give the same steadiness.
  const withRoundTrips = { flows: Math.min(settings.flows, 120) };
  settings.onProgress?.(
    `throughput: full scenario, ${settings.concurrency} in flight, ${settings.rounds} rounds of ${settings.flows} flows per side, no delay, sandbox in its own process`,
  );
  const separate = await compareThroughput({
    ...common,
    latencyMs: 0,
    sides: SIDES,
    sandbox: 'process',
  });
  settings.onProgress?.('throughput: the same with the sandbox in this process');
  const inProcess = await compareThroughput({
    ...common,
    ...context,
    latencyMs: 0,
    sandbox: 'inProcess',
  });
  settings.onProgress?.(`throughput: the same with ${REALISTIC_LATENCY_MS} ms per round trip`);
  const withLatency = await compareThroughput({
    ...common,
    ...context,
    ...withRoundTrips,
    latencyMs: REALISTIC_LATENCY_MS,
    sandbox: 'process',
  });
  return {
    ...separate,
    inProcess,
    withLatency,
    note: `sandbox in a process of its own (the target; CPU figures are the clients' process alone), kyc-flow's policy compressed ${THROUGHPUT_SPEED}× like the sandbox, its watch beside host input held at ${WATCH_AFTER_HOST_WALL_MS} ms wall clock (in real time it never races an instant host)`,
  };
}
