import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createKycQueue } from '../src/adapters/queue/index.js';
import { startRedisServer } from '../test/support/redis-server.js';
import type { SandboxHandle, SandboxHost } from './sandbox-host.js';

const SCRIPT = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));
/** Sandbox durations vanish; every call is answered `latencyMs` late instead. */
const SPEED = 1_000_000;

export interface ScaleRow {
  readonly workers: number;
  readonly flowsPerSecond: number;
  /** Redis commands (every client: queue, workers) per completed flow. */
  readonly redisCommandsPerFlow: number;
  /** Each worker's median heap after a full GC while it ran, averaged over the workers. */
  readonly heapPerWorkerBytes: number;
  readonly completed: number;
  readonly flows: number;
}

export interface ScaleSettings {
  readonly flows: number;
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

/** Full flows through 1, 2, 4… worker processes on one Redis, the sandbox in its own process. */
export async function measureScale(
  host: SandboxHost,
  settings: ScaleSettings,
): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const workers of settings.workerCounts) {
    settings.onProgress?.(
      `scale: ${settings.flows} full flows, ${workers} worker process(es), ${settings.concurrency} at once each`,
    );
    const sandbox = await host.start({
      speed: SPEED,
      seed: settings.seed,
      scenario: 'full',
      faults: { rate: 1, kinds: ['slow'], slowMs: settings.latencyMs * SPEED },
    });
    try {
      rows.push(await measureOnce(sandbox, workers, settings));
    } finally {
      await sandbox.close();
    }
  }
  return rows;
}

async function measureOnce(sandbox: SandboxHandle, count: number, settings: ScaleSettings) {
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
      workers: count,
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

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
