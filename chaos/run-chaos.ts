import { fileURLToPath } from 'node:url';
import { loadProfile } from '../src/adapters/node/index.js';
import { FAULT_KINDS, type FaultKind, startSandbox } from '../src/sandbox/index.js';
import { createGatewayClient } from '../src/services/index.js';
import { audit } from './audit.js';
import { type Accepted, recordAccepted } from './ledger.js';
import type { ChaosOptions } from './options.js';
import { type PlannedFlow, planFlows } from './plan.js';
import { type FlowReport, runFlow } from './run-flow.js';

/** Every fault the sandbox can inject, dropped connections after the effect included. */
export const CHAOS_FAULTS: readonly FaultKind[] = FAULT_KINDS;

const SAMPLE_PROFILE = fileURLToPath(
  new URL('../examples/profiles/jane-doe.json', import.meta.url),
);

export interface ChaosReport {
  readonly flows: number;
  /** Reached the final state their scenario says. */
  readonly completed: number;
  /** No final state: still suspended after the retries, timed out, or the run failed. */
  readonly stuck: number;
  /** A final state other than the expected one. */
  readonly wrongOutcome: number;
  readonly duplicateEffects: number;
  readonly lostSubmissions: number;
  readonly faultsInjected: number;
  readonly seconds: number;
  readonly faultRate: number;
  readonly seed: number;
  readonly speed: number;
  /** Resumes of flows that stayed suspended (a host's retries). */
  readonly retries: number;
  readonly otpResends: number;
  readonly gatewayCalls: number;
  readonly byScenario: Record<string, { flows: number; completed: number }>;
  /** The first problems, to start looking from. */
  readonly problems: string[];
  readonly ok: boolean;
}

export interface ChaosRunOptions extends Omit<ChaosOptions, 'json' | 'help'> {
  /** Replaces the plan (tests use it to make a run miss on purpose). */
  readonly plan?: (flows: PlannedFlow[]) => PlannedFlow[];
}

/** Runs every planned flow at once against one faulty in-process sandbox, then audits it. */
export async function runChaos(options: ChaosRunOptions): Promise<ChaosReport> {
  const started = performance.now();
  const flows = (options.plan ?? ((plan) => plan))(planFlows(options.flows, options.seed));
  const sandbox = await startSandbox({
    speed: options.speed,
    seed: options.seed,
    faults: { rate: options.faultRate, kinds: CHAOS_FAULTS, seed: options.seed },
  });
  const ledger: Accepted[] = [];
  try {
    const client = recordAccepted(
      createGatewayClient({
        gatewayUrl: sandbox.gatewayUrl,
        storageUrl: sandbox.storageUrl,
        ...sandbox.credentials,
        // Scaled like everything else; a slow answer (3 s ÷ speed) stays well inside it.
        retry: { limit: 3, baseDelayMs: 250 / options.speed, maxDelayMs: 5_000 / options.speed },
        timeoutMs: 10_000,
      }),
      ledger,
    );
    const profile = await loadProfile(SAMPLE_PROFILE);
    const context = {
      client,
      profile,
      admin: sandbox.admin,
      polling: { timeScale: options.speed },
      maxRetries: options.maxRetries,
      timeoutMs: options.flowTimeoutSeconds * 1000,
      maxSuspendedMs: Math.max(1_000, 60_000 / options.speed),
    };
    const reports = await Promise.all(flows.map((flow) => runFlow(flow, context)));
    // A call the sandbox holds `slow` may still land after its client gave up: let it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(100, 3_000 / options.speed)));
    const stats = sandbox.stats();
    const found = audit(stats, ledger, flows);
    return summarise(options, reports, found, stats, performance.now() - started);
  } finally {
    await sandbox.close();
  }
}

function summarise(
  options: ChaosRunOptions,
  reports: readonly FlowReport[],
  found: ReturnType<typeof audit>,
  stats: ReturnType<Awaited<ReturnType<typeof startSandbox>>['stats']>,
  ms: number,
): ChaosReport {
  const count = (verdict: FlowReport['verdict']) =>
    reports.filter((report) => report.verdict === verdict).length;
  const byScenario: ChaosReport['byScenario'] = {};
  for (const report of reports) {
    const entry = byScenario[report.flow.scenario] ?? { flows: 0, completed: 0 };
    byScenario[report.flow.scenario] = entry;
    entry.flows += 1;
    if (report.verdict === 'completed') entry.completed += 1;
  }
  const misses = reports
    .filter((report) => report.verdict !== 'completed')
    .map(
      (report) =>
        `flow ${report.flow.index} (${report.flow.scenario}) ${report.verdict}: expected ${JSON.stringify(report.flow.expected)}, got ${report.result ? JSON.stringify({ status: report.result.status, ...('decision' in report.result && { decision: report.result.decision }), ...('error' in report.result && report.result.error && { error: report.result.error.code }) }) : 'nothing'}${report.error ? ` (${report.error})` : ''}`,
    );
  const completed = count('completed');
  const report = {
    flows: reports.length,
    completed,
    stuck: count('stuck'),
    wrongOutcome: count('wrongOutcome'),
    duplicateEffects: found.duplicateEffects,
    lostSubmissions: found.lostSubmissions,
    faultsInjected: stats.faultsInjected,
    seconds: Math.round(ms / 100) / 10,
    faultRate: options.faultRate,
    seed: options.seed,
    speed: options.speed,
    retries: reports.reduce((sum, entry) => sum + entry.retries, 0),
    otpResends: found.otpResends,
    gatewayCalls: Object.values(stats.calls).reduce((sum, calls) => sum + calls, 0),
    byScenario,
    problems: [...misses, ...found.details].slice(0, 20),
  };
  return {
    ...report,
    ok: completed === reports.length && found.duplicateEffects === 0 && found.lostSubmissions === 0,
  };
}
