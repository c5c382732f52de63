/**
 * One worker process of the scale test (`node --import tsx worker-process.ts`): a
 * `createKycWorker` on the queue named in the environment, answering every node from the
 * sample profile; a flow whose job data says `slow` has a responder that does not have the
 * particulars until the test says so (a person still typing), so that flow parks and comes back;
 * one whose data says `held` waits for them in its responder, the flow holding its job.
 * Prints one JSON line per second with its heap, CPU and running flows, and one per flow it
 * parks or hands back at shutdown, for the tests to read. Its signals are the library's
 * default (`closeOn`: SIGTERM, SIGINT). With `KYC_TEST_KILL_ON_DONE` it kills itself as it
 * reports a flow's end.
 */
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { loadProfile } from '../../../src/adapters/node/load-profile.js';
import { createProfileResponder } from '../../../src/adapters/node/profile-responder.js';
import type { Responder } from '../../../src/adapters/node/responder.js';
import { createKycWorker } from '../../../src/adapters/queue/index.js';
import { readyKey, type ScaleJobData } from './worker-fleet.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`worker-process: ${name} is not set`);
  return value;
};
const speed = Number(env('KYC_TEST_SPEED'));
const profile = await loadProfile(
  resolve(import.meta.dirname, '../../../examples/profiles/jane-doe.json'),
);

const redis = new Redis(env('KYC_TEST_REDIS'));
const slow = (answer: Responder, jobId: string): Responder => ({
  async respond(request) {
    if (request.kind !== 'particulars') return answer.respond(request);
    return (await redis.exists(readyKey(jobId))) ? answer.respond(request) : [];
  },
});

/** A customer who takes their time over the particulars, the flow held in its worker meanwhile. */
const held = (answer: Responder, jobId: string): Responder => ({
  async respond(request) {
    if (request.kind !== 'particulars') return answer.respond(request);
    while (!(await redis.exists(readyKey(jobId)))) {
      await new Promise((done) => setTimeout(done, 50));
    }
    return answer.respond(request);
  },
});

const worker = createKycWorker<ScaleJobData>({
  connection: env('KYC_TEST_REDIS'),
  name: env('KYC_TEST_QUEUE'),
  client: {
    gatewayUrl: env('KYC_TEST_GATEWAY'),
    apiKey: env('KYC_TEST_API_KEY'),
    apiSecret: env('KYC_TEST_API_SECRET'),
    domainId: env('KYC_TEST_DOMAIN'),
    retry: { limit: 3, baseDelayMs: 250 / speed, maxDelayMs: 5_000 / speed },
  },
  responder: (flow, { client }) => {
    const answer = createProfileResponder(profile, { upload: client.upload });
    if (flow.data?.held) return held(answer, flow.jobId);
    return flow.data?.slow ? slow(answer, flow.jobId) : answer;
  },
  concurrency: Number(process.env.KYC_TEST_CONCURRENCY ?? 50),
  polling: {
    timeScale: speed,
    ...(process.env.KYC_TEST_REVIEW_MS && {
      reviewIntervalMs: Number(process.env.KYC_TEST_REVIEW_MS),
    }),
  },
  parkWhenIdleForMs: Number(process.env.KYC_TEST_PARK_MS ?? 400),
  maxSuspendedMs: Math.max(1_000, 60_000 / speed),
  callsPerSecond: 5_000,
  lockDurationMs: Number(process.env.KYC_TEST_LOCK_MS ?? 5_000),
  stalledIntervalMs: 1_000,
  onEvent: (event) => {
    if (event.type === 'parked' || event.type === 'handedBack') {
      process.stdout.write(`${JSON.stringify({ [event.type]: event.jobId })}\n`);
    }
    if (event.type === 'running' || event.type === 'done' || event.type === 'lockLost') {
      process.stdout.write(`${JSON.stringify({ event })}\n`);
    }
    // Dies the moment a flow has ended, before BullMQ has marked its job completed.
    if (event.type === 'done' && process.env.KYC_TEST_KILL_ON_DONE) {
      process.kill(process.pid, 'SIGKILL');
    }
  },
});
worker.worker.on('error', (error) => process.stderr.write(`worker error: ${error.message}\n`));

// With --expose-gc (the heap test), every sample is of what is still held.
const collect = (globalThis as { gc?: () => void }).gc;
const report = () => {
  collect?.();
  const cpu = process.cpuUsage();
  const sample = {
    pid: process.pid,
    heap: process.memoryUsage().heapUsed,
    running: worker.running(),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
};
setInterval(report, 1_000).unref();
await worker.worker.waitUntilReady();
process.stdout.write(`${JSON.stringify({ pid: process.pid, ready: true })}\n`);
