/**
 * One side of the throughput run alone, for a profiler:
 * `node --cpu-prof --import tsx bench/throughput-profile.ts [kycFlow|script|chartOverPlainClient] [flows]`.
 */
import { loadBenchProfile } from './customer.js';
import { compareThroughput, SIDES, type Side } from './throughput.js';
import { THROUGHPUT_SPEED } from './throughput-section.js';

const side = (process.argv[2] ?? 'kycFlow') as Side;
if (!SIDES.includes(side)) throw new Error(`side: one of ${SIDES.join(', ')}`);
const flows = Number(process.argv[3] ?? 400);
const cpu = process.cpuUsage();
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
});
const measured =
  side === 'script'
    ? result.script
    : side === 'kycFlow'
      ? result.kycFlow
      : result.chartOverPlainClient;
const used = process.cpuUsage(cpu);
const cpuMsPerFlow = (used.user + used.system) / 1000 / (flows + 40);
console.log(
  side,
  `${measured?.completed}/${measured?.flows} ${measured?.flowsPerSecond} flows/s, ${cpuMsPerFlow.toFixed(2)} cpu ms/flow (warm-up included)`,
);
