import type { CustomerProfile } from '../src/adapters/node/profile.js';
import { measureRequestCost, type RequestCost } from './request-cost.js';
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
   * For context, not the target: the same with no delay at all, where the run is bound by
   * the client's CPU (each side's CPU per flow, and the chart's and the client's shares).
   */
  readonly noDelay: ThroughputComparison;
  /** For context: CPU per request through fetch, ky and the whole client (ky's own share). */
  readonly requestCost: RequestCost;
  readonly note: string;
}

/**
 * Throughput as the target is judged: the sandbox in a process of its own (a team's gateway
 * is another machine) answering every call `REALISTIC_LATENCY_MS` late, as a gateway in the
 * same region does. Then, for context, the same with no delay (CPU-bound) and the CPU one
 * request costs through fetch, ky and the client.
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
  settings.onProgress?.(
    `throughput: full scenario, ${settings.concurrency} in flight, sandbox in its own process answering ${REALISTIC_LATENCY_MS} ms late, ${settings.rounds} rounds per side`,
  );
  const judged = await compareThroughput({
    ...common,
    // A round trip makes each flow take a second or more: fewer flows, the same steadiness.
    flows: Math.min(settings.flows, 120),
    latencyMs: REALISTIC_LATENCY_MS,
    sides: ['script', 'kycFlow'],
    sandbox: 'process',
  });
  settings.onProgress?.('throughput: the same with no delay (context: client CPU per flow)');
  const noDelay = await compareThroughput({
    ...common,
    rounds: Math.max(1, settings.rounds - 1),
    latencyMs: 0,
    sides: SIDES,
    sandbox: 'process',
  });
  settings.onProgress?.('throughput: CPU per request through fetch, ky and the client');
  const requestCost = await measureRequestCost();
  return {
    ...judged,
    noDelay,
    requestCost,
    note: `sandbox in a process of its own (CPU figures are the clients' process alone), kyc-flow's policy compressed ${THROUGHPUT_SPEED}× like the sandbox, its watch beside host input held at ${WATCH_AFTER_HOST_WALL_MS} ms wall clock (in real time it never races an instant host)`,
  };
}
