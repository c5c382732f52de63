import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createKycQueue } from '../src/adapters/queue/index.js';
import { startRedisServer } from '../test/support/redis-server.js';
import type { SandboxHandle, SandboxHost } from './sandbox-host.js';
import { median, round } from './statistics.js';

const SCRIPT = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));
/** Sandbox durations vanish; every call is answered `latencyMs` late instead. */
const SPEED = 1_000_000;

export interface ScaleRow {
  readonly workers: number;
  /** The median over the rounds. */
  readonly flowsPerSecond: number;
  /** Each round's flows/s, in the order they ran. */
  readonly roundsFlowsPerSecond: readonly number[];
  /** Redis commands (every client: queue, workers) per completed flow. */
  readonly redisCommandsPerFlow: number;
  /** Each worker's median heap after a full GC while it ran, averaged over the workers. */
  readonly heapPerWorkerBytes: number;
  readonly completed: number;
  readonly flows: number;
}

export interface ScaleSettings {
  /** Flows per worker count per round. */
  readonly flows: number;
  /**
   * Rounds, the worker counts rotating, so that a noisy spell on a shared machine hits every
   * count: each count's figure is its median round.
   */
  readonly rounds: number;
  /** Flows running at once in each worker. */
  readonly concurrency: number;
  readonly workerCounts: readonly number[];
  readonly latencyMs: number;
  readonly seed: number;
  readonly onProgress?: (line: string) => void;
}

interface BenchWorker {
  readonly child: ChildProcess;
  readonly heaps: number[];
  readonly ready: Promise<void>;
}

/**
 * Full flows through 1, 2, 4… worker processes on one Redis, the sandbox in its own process,
 * in rounds: each count's row is its median round.
 */
export async function measureScale(
  host: SandboxHost,
  settings: ScaleSettings,
): Promise<ScaleRow[]> {
  const counts = settings.workerCounts;
  const runs = new Map<number, Run[]>(counts.map((workers) => [workers, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = counts.map((_, index) => counts[(index + round) % counts.length] ?? 1);
    for (const workers of order) {
      settings.onProgress?.(
        `scale: round ${round + 1}/${settings.rounds}, ${settings.flows} full flows, ${workers} worker process(es), ${settings.concurrency} at once each`,
      );
      const sandbox = await host.start({
        speed: SPEED,
        seed: settings.seed + round,
        scenario: 'full',
        faults: { rate: 1, kinds: ['slow'], slowMs: settings.latencyMs * SPEED },
      });
      try {
        runs.get(workers)?.push(await measureOnce(sandbox, workers, settings));
      } finally {
        await sandbox.close();
      }
    }
  }
  return counts.map((workers) => toRow(workers, runs.get(workers) ?? []));
}

interface Run {
  readonly flowsPerSecond: number;
  readonly redisCommandsPerFlow: number;
  readonly heapPerWorkerBytes: number;
  readonly completed: number;
  readonly flows: number;
}

function toRow(workers: number, runs: readonly Run[]): ScaleRow {
  const middle = (pick: (run: Run) => number) => median(runs.map(pick));
  const total = (pick: (run: Run) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  return {
    workers,
    flowsPerSecond: round(
      middle((run) => run.flowsPerSecond),
      1,
    ),
    roundsFlowsPerSecond: runs.map((run) => run.flowsPerSecond),
    redisCommandsPerFlow: round(middle((run) => run.redisCommandsPerFlow)),
    heapPerWorkerBytes: round(middle((run) => run.heapPerWorkerBytes)),
    completed: total((run) => run.completed),
    flows: total((run) => run.flows),
  };
}

async function measureOnce(
  sandbox: SandboxHandle,
  count: number,
  settings: ScaleSettings,
): Promise<Run> {
  const redis = await startRedisServer();
  const admin = new Redis(redis.url);
  const queue = createKycQueue({ connection: redis.url, name: 'bench' });
  const workers = Array.from({ length: count }, () => startWorker(sandbox, redis.url, settings));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    await admin.config('RESETSTAT');
    const began = performance.now();
    await queue.enqueueMany(
      Array.from({ length: settings.flows }, (_, index) => ({
        customer: {
          customerId: `C_scale_${count}_${index}`,
          email: `scale${index}@example.com`,
          phone: '+6591234567',
        },
      })),
    );
    const completed = await untilDone(queue, settings.flows);
    const seconds = (performance.now() - began) / 1000;
    const commands = await commandCount(admin);
    const heaps = workers.map((worker) => median(worker.heaps));
    return {
      flowsPerSecond: Math.round((completed / seconds) * 10) / 10,
      redisCommandsPerFlow: Math.round(commands / Math.max(completed, 1)),
      heapPerWorkerBytes: Math.round(heaps.reduce((sum, heap) => sum + heap, 0) / heaps.length),
      completed,
      flows: settings.flows,
    };
  } finally {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await queue.close();
    admin.disconnect();
    await redis.stop();
  }
}

/** Waits until every flow has finished (or nothing moved for 60 s); answers how many completed. */
async function untilDone(queue: ReturnType<typeof createKycQueue>, flows: number) {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const { states } = await queue.counts();
    if (states.completed + states.failed >= flows) return states.completed;
    if (states.completed !== last) {
      last = states.completed;
      since = Date.now();
    } else if (Date.now() - since > 60_000) return states.completed;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Every command Redis ran since RESETSTAT (INFO itself and CONFIG left out). */
async function commandCount(admin: Redis): Promise<number> {
  const info = await admin.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (!['info', 'config'].includes(match[1] ?? '')) total += Number(match[2]);
  }
  return total;
}

function startWorker(
  sandbox: SandboxHandle,
  redisUrl: string,
  settings: ScaleSettings,
): BenchWorker {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      BENCH_REDIS: redisUrl,
      BENCH_QUEUE: 'bench',
      BENCH_GATEWAY: sandbox.gatewayUrl,
      BENCH_STORAGE: sandbox.storageUrl,
      BENCH_API_KEY: sandbox.credentials.apiKey,
      BENCH_API_SECRET: sandbox.credentials.apiSecret,
      BENCH_DOMAIN: sandbox.credentials.domainId,
      BENCH_CONCURRENCY: String(settings.concurrency),
      BENCH_SPEED: String(SPEED),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const heaps: number[] = [];
  const ready = new Promise<void>((done, fail) => {
    let pending = '';
    child.stdout?.on('data', (chunk) => {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { ready?: true; heap?: number };
        if (message.ready) done();
        if (message.heap !== undefined) heaps.push(message.heap);
      }
    });
    child.once('exit', (code) => fail(new Error(`a scale worker ended (exit ${code})`)));
  });
  return { child, heaps, ready };
}
