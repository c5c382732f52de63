/**
 * One side of the throughput run alone, for a profiler:
 * `node --cpu-prof --import tsx bench/throughput-profile.ts [kycFlow|script|chartOverPlainClient] [flows] [process|inProcess]`.
 * With the sandbox in a process of its own (the default), this process's CPU is the client's.
 */
import { loadBenchProfile } from './customer.js';
import type { SandboxPlacement } from './sandbox-host.js';
import { compareThroughput, SIDES, type Side } from './throughput.js';
import { THROUGHPUT_SPEED } from './throughput-section.js';

const side = (process.argv[2] ?? 'kycFlow') as Side;
if (!SIDES.includes(side)) throw new Error(`side: one of ${SIDES.join(', ')}`);
const flows = Number(process.argv[3] ?? 400);
const sandbox = (process.argv[4] ?? 'process') as SandboxPlacement;
const result = await compareThroughput({
  speed: THROUGHPUT_SPEED,
  scenario: 'full',
  concurrency: 20,
  flows,
  rounds: 1,
  seed: 42,
  profile: await loadBenchProfile(),
  latencyMs: 0,
  sides: [side],
  sandbox,
});
const measured =
  side === 'script'
    ? result.script
    : side === 'kycFlow'
      ? result.kycFlow
      : result.chartOverPlainClient;
const sandboxCpu =
  measured?.sandboxCpuMsPerFlow === undefined
    ? ' (sandbox included)'
    : `, sandbox process ${measured.sandboxCpuMsPerFlow} cpu ms/flow`;
console.log(
  side,
  `sandbox ${sandbox}: ${measured?.completed}/${measured?.flows} ${measured?.flowsPerSecond} flows/s, this process ${measured?.processCpuMsPerFlow} cpu ms/flow${sandboxCpu}`,
);
