import type { BenchResult } from './main.js';
import type { PollingComparison, PollingSide } from './polling.js';
import { kb, seconds, table, times } from './table.js';
import type { ThroughputSide } from './throughput.js';

const pollingRows = (scenario: string, pace: string, comparison: PollingComparison) => {
  const side = (name: string, figures: PollingSide) => [
    scenario,
    pace,
    name,
    figures.requestsPerFlow.toFixed(1),
    figures.totalRequestsPerFlow.toFixed(1),
    seconds(figures.detectionDelayMs.mean),
    seconds(figures.detectionDelayMs.p95),
    seconds(figures.flowMs.mean),
    seconds(figures.closestStatusReadsMs),
  ];
  const { ratios } = comparison;
  return [
    side('kyc-flow', comparison.kycFlow),
    side('naive 3 s', comparison.naive),
    [
      '',
      '',
      'ratio',
      times(ratios.requestsPerFlow),
      times(ratios.totalRequestsPerFlow),
      times(ratios.meanDetectionDelay),
      times(ratios.p95DetectionDelay),
      times(ratios.flowMs),
      '',
    ],
  ];
};

/** The human-readable report: one table per section, then the targets. */
export function report(result: BenchResult): string {
  const parts: string[] = [
    `kyc-flow benchmark · node ${result.machine.node} · ${result.machine.cpus} CPUs · ${result.machine.date}`,
  ];
  const { polling, throughput, memory, bundle, startup, scale, targets } = result;
  if (polling) {
    parts.push(
      `Polling · sandbox, policy and naive loop all ${polling.speed}× faster; figures de-scaled to real-world time · ${polling.flowsPerSide} flows per side · review decided after ${polling.reviewMs / 1000} s\n${polling.hostPace}`,
      table([
        [
          'scenario',
          'host',
          'client',
          'status req/flow',
          'all req/flow',
          'detect mean',
          'detect p95',
          'flow time',
          'closest reads',
        ],
        ...pollingRows('full', 'interactive', polling.full),
        ...pollingRows('manual-review', 'interactive', polling['manual-review']),
        ...pollingRows('full', 'headless', polling.headless.full),
        ...pollingRows('manual-review', 'headless', polling.headless['manual-review']),
      ]),
    );
  }
  if (throughput) {
    const row = (name: string, side: ThroughputSide) => [
      name,
      side.flowsPerSecond,
      side.requestsPerFlow,
      side.processCpuMsPerFlow,
      side.sandboxCpuMsPerFlow ?? '',
      `${side.completed}/${side.flows}`,
    ];
    const { noDelay, requestCost } = throughput;
    parts.push(
      `Throughput · ${throughput.scenario} scenario · ${throughput.concurrency} flows in flight · ${throughput.note}`,
      table([
        ['client', 'flows/s', 'requests/flow', 'cpu ms/flow', 'sandbox cpu ms/flow', 'completed'],
        row(`kyc-flow, ${throughput.latencyMs} ms late`, throughput.kycFlow),
        row(`plain fetch script, ${throughput.latencyMs} ms late`, throughput.script),
        ['ratio (target)', times(throughput.ratio), '', times(throughput.cpuRatio), '', ''],
        row('kyc-flow, no delay', noDelay.kycFlow),
        row('plain fetch script, no delay', noDelay.script),
        ['ratio (context)', times(noDelay.ratio), '', times(noDelay.cpuRatio), '', ''],
        ...(noDelay.chartOverPlainClient
          ? [row('(diagnostic) chart over a plain client', noDelay.chartOverPlainClient)]
          : []),
      ]),
      ...(noDelay.cpuMsPerFlow
        ? [
            `client CPU ms per flow, no delay: script ${noDelay.cpuMsPerFlow.script}, + chart and runner ${noDelay.cpuMsPerFlow.chart}, + gateway client ${noDelay.cpuMsPerFlow.client}`,
          ]
        : []),
      `CPU µs per request (${requestCost.requests} register calls): fetch ${requestCost.fetch}, ky over fetch ${requestCost.ky} (ky's own share ${requestCost.kyShare}), kyc-flow's client ${requestCost.client}`,
    );
  }
  if (memory) {
    parts.push(
      `Memory · ${memory.flows} flows waiting at a node in one process · ${memory.note}`,
      table([
        ['actor', 'heap per actor'],
        ['kyc-flow (waiting at particulars)', kb(memory.bytesPerFlow)],
        ['bare XState two-state actor (floor)', kb(memory.floorBytesPerActor)],
        ['ratio', times(memory.ratioToFloor)],
      ]),
    );
  }
  if (bundle) {
    parts.push(
      `Bundle · ${bundle.entry} · vite build (Vite 8, rolldown), minified, tree-shaken, every dependency in, gzip -9`,
      table([
        ['part', 'gzipped'],
        ['browser entry (loaded at once)', kb(bundle.gzipBytes)],
        ['  of which xstate', kb(bundle.breakdown.xstate)],
        ['  of which ky', kb(bundle.breakdown.ky)],
        ['  of which zod/mini', kb(bundle.breakdown.zod)],
        ['  of which kyc-flow itself', kb(bundle.breakdown.kycFlow)],
        [
          'lazy chunks (inspector, upload progress, tab lock, kept flows; on demand)',
          kb(bundle.lazyGzipBytes),
        ],
        ['xstate alone', kb(bundle.alone.xstate.gzipBytes)],
        ['ky alone', kb(bundle.alone.ky.gzipBytes)],
        ['zod/mini + wire schemas alone', kb(bundle.alone.zodMini.gzipBytes)],
        ['the entry through esbuild (xstate in a chunk of its own)', kb(bundle.esbuildGzipBytes)],
      ]),
      `largest sources, before minification: ${bundle.largest.map(([source, bytes]) => `${source} ${kb(bytes)}`).join(', ')}`,
    );
  }
  if (startup) {
    parts.push(
      `Startup · median of ${startup.runs} fresh processes · ${startup.note}`,
      table([
        ['step', 'ms'],
        ['import the package', startup.importMs],
        ['create and start a flow', startup.createMs],
        ['import + create', startup.importAndCreateMs],
        ['(node boot, for scale)', startup.nodeBootMs],
      ]),
    );
  }
  if (scale) {
    parts.push(
      `Scale · full flows through kyc-flow/queue worker processes on one Redis · ${scale.concurrency} at once per worker · ${scale.rounds} rounds, each count its median · sandbox in its own process answering ${scale.latencyMs} ms late · ${scale.note}`,
      table([
        [
          'workers',
          'flows/s (median)',
          'rounds',
          'Redis commands/flow',
          'heap per worker',
          'completed',
        ],
        ...scale.rows.map((row) => [
          row.workers,
          row.flowsPerSecond,
          row.roundsFlowsPerSecond.join(' / '),
          row.redisCommandsPerFlow,
          kb(row.heapPerWorkerBytes),
          `${row.completed}/${row.flows}`,
        ]),
        [`ratio ${scale.rows.at(-1)?.workers ?? ''} / 1`, times(scale.ratio), '', '', '', ''],
      ]),
    );
  }
  const judged = Object.entries(targets);
  if (judged.length > 0) {
    parts.push(
      'Targets',
      table([
        ['target', 'met', 'rule'],
        ...judged.map(([name, target]) => [name, target.met ? 'yes' : 'NO', target.rule]),
      ]),
    );
  }
  return parts.join('\n\n');
}
