/**
 * `npm run bench`: kyc-flow against what an integrator would otherwise write, on the
 * embedded sandbox. Readable tables by default; `--json` ends with one JSON object.
 */
import os from 'node:os';
import { type BundleReport, measureBundles } from './bundle.js';
import { loadBenchProfile } from './customer.js';
import { type MemoryResult, measureMemory } from './memory.js';
import { type BenchOptions, parseOptions, USAGE } from './options.js';
import { measurePolling, type PollingReport } from './polling-section.js';
import { report } from './report.js';
import { incompleteRuns } from './sanity.js';
import { measureScaleSection, type ScaleReport } from './scale-section.js';
import { measureStartup, type StartupResult } from './startup.js';
import {
  bundleTarget,
  memoryTarget,
  pollingTarget,
  scaleTarget,
  type Target,
  throughputTarget,
} from './targets.js';
import { measureThroughput, type ThroughputReport } from './throughput-section.js';

export interface BenchResult {
  readonly machine: { readonly node: string; readonly cpus: number; readonly date: string };
  readonly polling?: PollingReport;
  readonly throughput?: ThroughputReport;
  readonly memory?: MemoryResult;
  readonly bundle?: BundleReport;
  readonly startup?: StartupResult;
  readonly scale?: ScaleReport;
  readonly targets: Partial<
    Record<'polling' | 'throughput' | 'memory' | 'bundle' | 'scale', Target>
  >;
}

async function bench(
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<BenchResult> {
  const wants = (section: BenchOptions['sections'][number]) => options.sections.includes(section);
  const profile = await loadBenchProfile();
  const targets: BenchResult['targets'] = {};
  const result: {
    -readonly [K in keyof BenchResult]: BenchResult[K];
  } = {
    machine: {
      node: process.version,
      cpus: os.availableParallelism(),
      date: new Date().toISOString(),
    },
    targets,
  };
  if (wants('bundle')) {
    progress('bundle: vite build, minified, gzipped');
    result.bundle = await measureBundles();
    targets.bundle = bundleTarget(result.bundle);
  }
  if (wants('startup')) {
    progress(`startup: ${options.startupRuns} fresh processes`);
    result.startup = await measureStartup(options.startupRuns);
  }
  if (wants('memory')) {
    progress(`memory: ${options.memoryFlows} waiting flows in a node --expose-gc child`);
    result.memory = await measureMemory(options.memoryFlows);
    targets.memory = memoryTarget(result.memory);
  }
  if (wants('polling')) {
    result.polling = await measurePolling({
      speed: options.speed,
      flows: options.flows,
      seed: options.seed,
      profile,
      onProgress: progress,
    });
    targets.polling = pollingTarget(result.polling.full);
  }
  if (wants('throughput')) {
    result.throughput = await measureThroughput({
      concurrency: options.concurrency,
      flows: options.throughputFlows,
      rounds: options.rounds,
      seed: options.seed,
      profile,
      onProgress: progress,
    });
    targets.throughput = throughputTarget(result.throughput);
  }
  if (wants('scale')) {
    result.scale = await measureScaleSection({
      flows: options.scaleFlows,
      rounds: options.scaleRounds,
      concurrency: options.scaleConcurrency,
      seed: options.seed,
      onProgress: progress,
    });
    targets.scale = scaleTarget(result.scale);
  }
  // The targets last, after every section's figures.
  const { targets: judged, ...figures } = result;
  return { ...figures, targets: judged };
}

async function main() {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : USAGE);
    process.exitCode = 2;
    return;
  }
  const began = Date.now();
  const progress = (line: string) => console.error(`· ${line}`);
  const result = await bench(options, progress);
  progress(`done in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  const problems = incompleteRuns(result);
  for (const problem of problems) console.error(`! not every flow completed: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
  if (!options.json) console.log(report(result));
  else console.log(JSON.stringify(result));
}

await main();
