import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { KycWorkerEvent } from '../../../src/adapters/queue/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';

const SCRIPT = resolve(import.meta.dirname, 'worker-process.ts');

export interface ScaleJobData {
  /** This flow's particulars come late: once the test sets `readyKey(jobId)` in Redis. */
  readonly slow?: boolean;
  /** …or, held, waits for them in its responder, the flow holding its job all along. */
  readonly held?: boolean;
}

/** The Redis key the test sets when a slow flow's particulars have come. */
export const readyKey = (jobId: string) => `kyc-test:ready:${jobId}`;

export interface WorkerSample {
  readonly pid: number;
  readonly heap: number;
  readonly running: number;
  readonly cpuMs: number;
}

/** One worker process of a fleet, and what it last reported. */
export interface FleetWorker {
  readonly child: ChildProcess;
  readonly samples: WorkerSample[];
  /** The jobs this worker parked (a flow parked twice is listed twice). */
  readonly parked: string[];
  /** The jobs this worker handed back to the queue as it shut down. */
  readonly handedBack: string[];
  /** What it reported of its flows: each start or resume, each outcome, each lock lost. */
  readonly events: KycWorkerEvent[];
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  stderr(): string;
}

export interface FleetSettings {
  readonly redisUrl: string;
  readonly queue: string;
  readonly sandbox: Sandbox;
  readonly speed: number;
  readonly concurrency?: number;
  readonly parkMs?: number;
  /** The review pace (before the time scale): how long a flow under review stays parked. */
  readonly reviewMs?: number;
  /** BullMQ's lock duration: how long a frozen worker keeps its jobs (default 5 s). */
  readonly lockMs?: number;
  /** The worker kills itself (SIGKILL) as it reports a flow's end, before its job is completed. */
  readonly killOnDone?: boolean;
  /** Node flags for the worker (`--expose-gc`). */
  readonly nodeFlags?: readonly string[];
}

/** Starts one `worker-process.ts` (node with tsx's loader: one process, so SIGKILL is SIGKILL). */
export function startWorker(settings: FleetSettings): FleetWorker {
  const { sandbox } = settings;
  const child = spawn(
    process.execPath,
    [...(settings.nodeFlags ?? []), '--import', 'tsx', SCRIPT],
    {
      env: {
        ...process.env,
        KYC_TEST_REDIS: settings.redisUrl,
        KYC_TEST_QUEUE: settings.queue,
        KYC_TEST_GATEWAY: sandbox.gatewayUrl,
        KYC_TEST_API_KEY: sandbox.credentials.apiKey,
        KYC_TEST_API_SECRET: sandbox.credentials.apiSecret,
        KYC_TEST_DOMAIN: sandbox.credentials.domainId,
        KYC_TEST_SPEED: String(settings.speed),
        ...(settings.concurrency && { KYC_TEST_CONCURRENCY: String(settings.concurrency) }),
        ...(settings.parkMs && { KYC_TEST_PARK_MS: String(settings.parkMs) }),
        ...(settings.reviewMs && { KYC_TEST_REVIEW_MS: String(settings.reviewMs) }),
        ...(settings.lockMs && { KYC_TEST_LOCK_MS: String(settings.lockMs) }),
        ...(settings.killOnDone && { KYC_TEST_KILL_ON_DONE: '1' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const samples: WorkerSample[] = [];
  const parked: string[] = [];
  const handedBack: string[] = [];
  const events: KycWorkerEvent[] = [];
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors = `${errors}${String(chunk)}`.slice(-4_000);
  });
  const ready = new Promise<void>((done, fail) => {
    let pending = '';
    child.stdout?.on('data', (chunk) => {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as WorkerSample & {
          ready?: true;
          parked?: string;
          handedBack?: string;
          event?: KycWorkerEvent;
        };
        if (message.ready) done();
        else if (message.event) events.push(message.event);
        else if (message.parked) parked.push(message.parked);
        else if (message.handedBack) handedBack.push(message.handedBack);
        else samples.push(message);
      }
    });
    child.once('exit', (code) => fail(new Error(`worker exited (${code}): ${errors}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, samples, parked, handedBack, events, ready, exited, stderr: () => errors };
}

/** Ends a worker: SIGKILL (no goodbye) or SIGTERM (parks its flows), and waits for it. */
export async function stopWorker(worker: FleetWorker, signal: 'SIGKILL' | 'SIGTERM') {
  if (worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill(signal);
  }
  await worker.exited;
}
