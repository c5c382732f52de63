import type { CustomerProfile } from '../src/adapters/node/profile.js';
import { customerFor, fileResolver, toBenchCustomer, withRemoteFiles } from './customer.js';
import { wallClock } from './detection-probe.js';
import { runKycFlow, sandboxClient } from './kyc-flow-runner.js';
import { runScriptFlow } from './minimal-script.js';
import { createPlainClient } from './plain-client.js';
import { createPlainGateway } from './plain-gateway.js';
import { NAIVE_INTERVAL_MS } from './polling.js';
import { type SandboxHost, type SandboxPlacement, sandboxHost } from './sandbox-host.js';
import { ratio, round } from './statistics.js';

export const SIDES = ['script', 'kycFlow', 'chartOverPlainClient'] as const;
export type Side = (typeof SIDES)[number];

export interface ThroughputSettings {
  /** Divides every sandbox duration (and kyc-flow's policy, and the script's interval). */
  readonly speed: number;
  readonly scenario: 'full' | 'minimal';
  readonly concurrency: number;
  /** Flows per side per round. */
  readonly flows: number;
  /** Rounds, sides rotating, so that a noisy spell hits every side. */
  readonly rounds: number;
  readonly seed: number;
  readonly profile: CustomerProfile;
  /** Round-trip time added to every request on every side (0: loopback as it is). */
  readonly latencyMs: number;
  readonly sides: readonly Side[];
  /** Where the sandbox runs: a process of its own (a gateway is another machine) or this one. */
  readonly sandbox: SandboxPlacement;
}

export interface ThroughputSide {
  readonly flowsPerSecond: number;
  /** Requests the sandbox received per flow, by method. */
  readonly requestsPerFlow: number;
  readonly requestsByMethod: Record<string, number>;
  readonly completed: number;
  readonly flows: number;
  /**
   * CPU ms this process spent per flow (`process.cpuUsage`, every thread, GC included):
   * the client's own cost when the sandbox runs in a process of its own, client and
   * sandbox together when it runs here.
   */
  readonly processCpuMsPerFlow: number;
  /** The sandbox process's CPU ms per flow (when it has one): the gateway side's cost. */
  readonly sandboxCpuMsPerFlow?: number;
}

export interface ThroughputComparison {
  readonly scenario: string;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly sandbox: SandboxPlacement;
  readonly kycFlow: ThroughputSide;
  readonly script: ThroughputSide;
  /** kyc-flow / script, completed flows per second. */
  readonly ratio: number;
  /**
   * script / kyc-flow, this process's CPU ms per flow: flows per CPU-second, which a
   * neighbour's load on a shared machine moves far less than flows per wall-clock second.
   */
  readonly cpuRatio: number;
  /**
   * Diagnostic: the chart and the headless runner over a client with nothing in it but
   * `fetch` and `node:crypto` (no validation, retries, timeouts). Between this and
   * `kycFlow` is the gateway client's cost; between this and `script`, the chart's.
   */
  readonly chartOverPlainClient?: ThroughputSide;
  /**
   * This process's CPU ms per flow split by layer: the script; what the chart and runner
   * add (chart over a plain client − script); what the gateway client adds (kyc-flow −
   * chart over a plain client). The client's own cost when the sandbox runs elsewhere.
   */
  readonly cpuMsPerFlow?: {
    readonly script: number;
    readonly chart: number;
    readonly client: number;
  };
}

/**
 * kyc-flow's policy is compressed like the sandbox, floor included. Only the watch beside
 * host input (15–30 s in real time) is held at 10 ms of wall clock: compressed to
 * microseconds it would race a host that answers at once, which in real time it never does.
 */
export const WATCH_AFTER_HOST_WALL_MS = 10;

interface Round {
  readonly elapsedMs: number;
  readonly completed: number;
  readonly calls: Record<string, number>;
  readonly cpuMs: number;
  readonly sandboxCpuMs?: number;
}

async function runRound(
  host: SandboxHost,
  side: Side,
  round: number,
  settings: ThroughputSettings,
): Promise<Round> {
  const { speed, scenario, concurrency, flows, seed } = settings;
  // A round trip is the gateway answering `latencyMs` late (its `slow` fault on every call,
  // scaled back by the speed it divides by), so each side still sends its own way.
  const roundTrip =
    settings.latencyMs > 0
      ? { faults: { rate: 1, kinds: ['slow' as const], slowMs: settings.latencyMs * speed } }
      : {};
  const sandbox = await host.start({ speed, seed: seed + round, scenario, ...roundTrip });
  const gateway = createPlainGateway({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
  });
  // kyc-flow sends as a backend's client does by default: ky over Node's fetch.
  const client = side === 'kycFlow' ? sandboxClient(sandbox) : createPlainClient(gateway);
  const polling = { awaitingHostIntervalMs: WATCH_AFTER_HOST_WALL_MS * speed };
  const base = withRemoteFiles(settings.profile);
  let next = 0;
  let completed = 0;
  const one = async (index: number) => {
    const profile = customerFor(base, `${side}_${round}_${index}`);
    if (side !== 'script') {
      const result = await runKycFlow({ client, profile, speed, polling });
      if (result.status === 'completed') completed += 1;
    } else {
      const result = await runScriptFlow({
        gateway,
        customer: toBenchCustomer(profile),
        intervalMs: NAIVE_INTERVAL_MS / speed,
        file: fileResolver(profile, gateway),
      });
      if (result.status === 'COMPLETED') completed += 1;
    }
  };
  const worker = async () => {
    while (next < flows) await one(next++);
  };
  let closed = false;
  try {
    const began = wallClock();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const used = process.cpuUsage(cpu);
    const elapsedMs = wallClock() - began;
    const calls = await sandbox.calls();
    closed = true;
    const { cpuMs: sandboxCpuMs } = await sandbox.close();
    return {
      elapsedMs,
      completed,
      calls,
      cpuMs: (used.user + used.system) / 1000,
      ...(sandboxCpuMs !== undefined && { sandboxCpuMs }),
    };
  } finally {
    if (!closed) await sandbox.close();
  }
}

function summarise(rounds: readonly Round[], flowsPerRound: number): ThroughputSide {
  const flows = flowsPerRound * rounds.length;
  const elapsed = rounds.reduce((sum, entry) => sum + entry.elapsedMs, 0);
  const calls: Record<string, number> = {};
  for (const entry of rounds) {
    for (const [method, count] of Object.entries(entry.calls)) {
      calls[method] = (calls[method] ?? 0) + count;
    }
  }
  const total = Object.values(calls).reduce((sum, count) => sum + count, 0);
  return {
    flowsPerSecond: round((flows / elapsed) * 1000, 1),
    requestsPerFlow: round(total / flows, 2),
    requestsByMethod: Object.fromEntries(
      Object.entries(calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([method, count]) => [method, round(count / flows, 2)]),
    ),
    completed: rounds.reduce((sum, entry) => sum + entry.completed, 0),
    flows,
    processCpuMsPerFlow: round(sumOf(rounds, (entry) => entry.cpuMs) / flows, 2),
    ...(rounds.every((entry) => entry.sandboxCpuMs !== undefined) && {
      sandboxCpuMsPerFlow: round(sumOf(rounds, (entry) => entry.sandboxCpuMs ?? 0) / flows, 2),
    }),
  };
}

const sumOf = (rounds: readonly Round[], figure: (entry: Round) => number) =>
  rounds.reduce((sum, entry) => sum + figure(entry), 0);

/**
 * Completed flows per second, kyc-flow against the minimal script, at the same concurrency,
 * each round on a fresh sandbox (in a process of its own, or in this one). A warm-up round
 * per side, as long as a measured one, is not counted: a backend runs flows by the thousand,
 * so what counts is the steady state once the JIT has compiled each side's code, not the
 * first seconds of a process (kyc-flow has more code to compile than the script).
 */
export async function compareThroughput(
  settings: ThroughputSettings,
): Promise<ThroughputComparison> {
  const { sides } = settings;
  const host = await sandboxHost(settings.sandbox);
  const results = new Map<Side, Round[]>(sides.map((side) => [side, []]));
  try {
    for (const side of sides) await runRound(host, side, -1, settings);
    for (let index = 0; index < settings.rounds; index++) {
      // Rotate who goes first, so no side always runs on a warmer (or noisier) process.
      for (let offset = 0; offset < sides.length; offset++) {
        const side = sides[(index + offset) % sides.length] as Side;
        results.get(side)?.push(await runRound(host, side, index, settings));
      }
    }
  } finally {
    await host.dispose();
  }
  const of = (side: Side) => summarise(results.get(side) ?? [], settings.flows);
  const kycFlow = of('kycFlow');
  const script = of('script');
  const chart = sides.includes('chartOverPlainClient') ? of('chartOverPlainClient') : undefined;
  const cpu = (side: ThroughputSide) => side.processCpuMsPerFlow;
  return {
    scenario: settings.scenario,
    concurrency: settings.concurrency,
    latencyMs: settings.latencyMs,
    sandbox: settings.sandbox,
    kycFlow,
    script,
    ratio: round(ratio(kycFlow.flowsPerSecond, script.flowsPerSecond), 3),
    cpuRatio: round(ratio(script.processCpuMsPerFlow, kycFlow.processCpuMsPerFlow), 3),
    ...(chart && {
      chartOverPlainClient: chart,
      cpuMsPerFlow: {
        script: round(cpu(script), 2),
        chart: round(cpu(chart) - cpu(script), 2),
        client: round(cpu(kycFlow) - cpu(chart), 2),
      },
    }),
  };
}
