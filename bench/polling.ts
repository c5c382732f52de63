import type { CustomerProfile } from '../src/adapters/node/profile.js';
import type { PollingOptions } from '../src/machine/polling.js';
import { type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { customerFor, fileResolver, toBenchCustomer } from './customer.js';
import { createDetectionProbe, type Detection, wallClock } from './detection-probe.js';
import { type HostPace, thinkTime } from './host-pace.js';
import { runKycFlow, sandboxClient } from './kyc-flow-runner.js';
import { runNaiveFlow } from './naive-poller.js';
import { createPlainGateway } from './plain-gateway.js';
import { startReviewer } from './reviewer.js';
import { mean, percentile, ratio, round } from './statistics.js';

/** The guide's advice ("poll every 2–5 s"), as the hand-written loop follows it. */
export const NAIVE_INTERVAL_MS = 3_000;

export type PollingScenario = 'full' | 'manual-review';

export interface PollingSettings {
  readonly speed: number;
  readonly flows: number;
  readonly seed: number;
  /** Real-world time the operator takes to decide a manual review. */
  readonly reviewMs: number;
  readonly profile: CustomerProfile;
  readonly pace: HostPace;
  /**
   * Overrides of kyc-flow's polling policy (the defaults are what is measured, the 2 s
   * polling floor included).
   */
  readonly polling?: Partial<PollingOptions>;
}

/** One side's figures. Durations read like real-world ms (wall-clock × speed). */
export interface PollingSide {
  /** `workflow.execution.status` requests per flow. */
  readonly requestsPerFlow: number;
  /** Every request per flow (gateway calls and storage uploads). */
  readonly totalRequestsPerFlow: number;
  readonly requestsByMethod: Record<string, number>;
  readonly detectionDelayMs: { readonly mean: number; readonly p95: number };
  /** The same, as measured on the wall clock (before × speed). */
  readonly detectionDelayWallMs: { readonly mean: number; readonly p95: number };
  readonly nodesDetected: number;
  /** Mean delay per node type (real-world ms): where the time goes. */
  readonly detectionDelayByNodeMs: Record<string, number>;
  /** Start to outcome known, per flow. */
  readonly flowMs: { readonly mean: number; readonly p95: number };
  /** The closest two status reads of one execution came, by the sandbox's log (real-world ms). */
  readonly closestStatusReadsMs: number;
  readonly outcomes: Record<string, number>;
}

export interface PollingComparison {
  readonly kycFlow: PollingSide;
  readonly naive: PollingSide;
  /** kyc-flow / naive. */
  readonly ratios: {
    readonly requestsPerFlow: number;
    readonly totalRequestsPerFlow: number;
    readonly meanDetectionDelay: number;
    readonly p95DetectionDelay: number;
    readonly flowMs: number;
  };
}

interface SideRun {
  readonly detections: readonly Detection[];
  readonly durations: readonly number[];
  readonly outcomes: readonly string[];
  readonly calls: Record<string, number>;
  /** Per execution, when the sandbox was asked its status (wall-clock ms). */
  readonly statusReads: Record<string, readonly number[]>;
}

/** Spreads the starts over one naive interval, so no side polls in step with the sandbox. */
const staggers = (count: number, spanMs: number, seed: number): number[] => {
  let state = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state / 2 ** 32) * spanMs;
  });
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function runSide(
  side: 'kycFlow' | 'naive',
  scenario: PollingScenario,
  settings: PollingSettings,
): Promise<SideRun> {
  const { speed, flows, seed } = settings;
  const sandbox: Sandbox = await startSandbox({ speed, seed, scenario });
  const reviewer = startReviewer(sandbox, settings.reviewMs / speed);
  const probe = createDetectionProbe(() => sandbox.stats());
  const gateway = createPlainGateway({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
    fetch: probe.fetch,
  });
  const client = sandboxClient(sandbox, probe.fetch);
  const durations: number[] = [];
  const outcomes: string[] = [];
  try {
    await Promise.all(
      staggers(flows, NAIVE_INTERVAL_MS / speed, seed).map(async (delay, index) => {
        await sleep(delay);
        const profile = customerFor(settings.profile, `${side}_${scenario}_${index}`);
        const think = (nodeType: string) =>
          thinkTime(settings.pace, `${scenario}/${index}`, nodeType) / speed;
        const began = wallClock();
        if (side === 'kycFlow') {
          const result = await runKycFlow({
            client,
            profile,
            speed,
            think,
            ...(settings.polling && { polling: settings.polling }),
          });
          outcomes.push(
            'decision' in result ? `${result.status}/${result.decision}` : result.status,
          );
        } else {
          const result = await runNaiveFlow({
            gateway,
            customer: toBenchCustomer(profile),
            intervalMs: NAIVE_INTERVAL_MS / speed,
            file: fileResolver(profile, gateway),
            think,
          });
          outcomes.push(result.decision ? `${result.status}/${result.decision}` : result.status);
        }
        durations.push(wallClock() - began);
      }),
    );
    const { calls, statusReads } = sandbox.stats();
    return { detections: probe.detections, durations, outcomes, calls, statusReads };
  } finally {
    reviewer.stop();
    await sandbox.close();
  }
}

function summarise(run: SideRun, settings: PollingSettings): PollingSide {
  const { speed, flows } = settings;
  const delays = run.detections.map((detection) => detection.delayMs);
  const perFlow = (count: number) => round(count / flows, 2);
  const total = Object.values(run.calls).reduce((sum, count) => sum + count, 0);
  const outcomes: Record<string, number> = {};
  for (const outcome of run.outcomes) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return {
    requestsPerFlow: perFlow(run.calls['workflow.execution.status'] ?? 0),
    totalRequestsPerFlow: perFlow(total),
    requestsByMethod: Object.fromEntries(
      Object.entries(run.calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([method, count]) => [method, perFlow(count)]),
    ),
    detectionDelayMs: {
      mean: round(mean(delays) * speed),
      p95: round(percentile(delays, 95) * speed),
    },
    detectionDelayWallMs: { mean: round(mean(delays), 1), p95: round(percentile(delays, 95), 1) },
    nodesDetected: delays.length,
    detectionDelayByNodeMs: byNode(run.detections, speed),
    flowMs: {
      mean: round(mean(run.durations) * speed),
      p95: round(percentile(run.durations, 95) * speed),
    },
    outcomes,
    closestStatusReadsMs: round(closestReads(run.statusReads) * speed),
  };
}

/** The smallest gap between two status reads of one execution. */
function closestReads(statusReads: Record<string, readonly number[]>): number {
  let closest = Number.POSITIVE_INFINITY;
  for (const reads of Object.values(statusReads)) {
    for (let i = 1; i < reads.length; i += 1) {
      closest = Math.min(closest, (reads[i] ?? 0) - (reads[i - 1] ?? 0));
    }
  }
  return closest;
}

/** Both sides at once, in this process, each on its own sandbox with the same seed. */
export async function comparePolling(
  scenario: PollingScenario,
  settings: PollingSettings,
): Promise<PollingComparison> {
  const [kyc, naive] = await Promise.all([
    runSide('kycFlow', scenario, settings),
    runSide('naive', scenario, settings),
  ]);
  const kycFlow = summarise(kyc, settings);
  const naiveSide = summarise(naive, settings);
  return {
    kycFlow,
    naive: naiveSide,
    ratios: {
      requestsPerFlow: round(ratio(kycFlow.requestsPerFlow, naiveSide.requestsPerFlow), 3),
      totalRequestsPerFlow: round(
        ratio(kycFlow.totalRequestsPerFlow, naiveSide.totalRequestsPerFlow),
        3,
      ),
      meanDetectionDelay: round(
        ratio(kycFlow.detectionDelayMs.mean, naiveSide.detectionDelayMs.mean),
        3,
      ),
      p95DetectionDelay: round(
        ratio(kycFlow.detectionDelayMs.p95, naiveSide.detectionDelayMs.p95),
        3,
      ),
      flowMs: round(ratio(kycFlow.flowMs.mean, naiveSide.flowMs.mean), 3),
    },
  };
}

function byNode(detections: readonly Detection[], speed: number): Record<string, number> {
  const groups = new Map<string, number[]>();
  for (const { nodeType, delayMs } of detections) {
    const kind = nodeType.replace(/^flow_action_/, '');
    groups.set(kind, [...(groups.get(kind) ?? []), delayMs]);
  }
  return Object.fromEntries(
    [...groups].map(([kind, delays]) => [kind, round(mean(delays) * speed)]),
  );
}
