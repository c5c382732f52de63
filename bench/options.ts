import { parseArgs } from 'node:util';

export const SECTIONS = ['bundle', 'startup', 'memory', 'polling', 'throughput', 'scale'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  readonly json: boolean;
  readonly sections: readonly Section[];
  /** Polling: how much faster than real time the sandbox, kyc-flow's policy and the naive loop run. */
  readonly speed: number;
  /** Polling: flows per side and scenario. */
  readonly flows: number;
  readonly seed: number;
  /** Throughput: flows per side per round, concurrency, rounds. */
  readonly throughputFlows: number;
  readonly concurrency: number;
  readonly rounds: number;
  /** Memory: flows waiting at once. */
  readonly memoryFlows: number;
  /** Startup: fresh processes. */
  readonly startupRuns: number;
  /** Scale: flows per worker count per round, rounds, flows running at once in each worker. */
  readonly scaleFlows: number;
  readonly scaleRounds: number;
  readonly scaleConcurrency: number;
}

export const USAGE = `usage: npm run bench -- [options]
  --json                 last line of output is one JSON object
  --only <a,b>           sections to run: ${SECTIONS.join(', ')} (default: all)
  --speed <n>            polling: time compression of sandbox, policy and naive loop (default 20)
  --flows <n>            polling: flows per side and scenario (default 12)
  --throughput-flows <n> throughput: flows per side per round (default 300)
  --concurrency <n>      throughput: flows in flight per side (default 20)
  --rounds <n>           throughput: alternating rounds per side (default 3)
  --memory-flows <n>     memory: flows waiting at once (default 10000)
  --startup-runs <n>     startup: fresh processes (default 7)
  --scale-flows <n>      scale: flows per worker count per round (default 100)
  --scale-rounds <n>     scale: rounds, worker counts rotating; each count's median round (default 3)
  --scale-concurrency <n> scale: flows at once in each worker process (default 2)
  --seed <n>             sandbox seed (default 42)`;

const positive = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw new Error(`--${name}: expected a positive number`);
  return value;
};

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      speed: { type: 'string' },
      flows: { type: 'string' },
      'throughput-flows': { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      'memory-flows': { type: 'string' },
      'startup-runs': { type: 'string' },
      'scale-flows': { type: 'string' },
      'scale-rounds': { type: 'string' },
      'scale-concurrency': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const sections =
    values.only === undefined ? [...SECTIONS] : values.only.split(',').map((name) => name.trim());
  const unknown = sections.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`--only: unknown section ${unknown.join(', ')}\n${USAGE}`);
  return {
    json: values.json ?? false,
    sections: sections as Section[],
    speed: positive('speed', values.speed, 20),
    flows: Math.round(positive('flows', values.flows, 12)),
    seed: Math.round(positive('seed', values.seed, 42)),
    throughputFlows: Math.round(positive('throughput-flows', values['throughput-flows'], 300)),
    concurrency: Math.round(positive('concurrency', values.concurrency, 20)),
    rounds: Math.round(positive('rounds', values.rounds, 3)),
    memoryFlows: Math.round(positive('memory-flows', values['memory-flows'], 10_000)),
    startupRuns: Math.round(positive('startup-runs', values['startup-runs'], 7)),
    scaleFlows: Math.round(positive('scale-flows', values['scale-flows'], 100)),
    scaleRounds: Math.round(positive('scale-rounds', values['scale-rounds'], 3)),
    scaleConcurrency: Math.round(positive('scale-concurrency', values['scale-concurrency'], 2)),
  };
}
