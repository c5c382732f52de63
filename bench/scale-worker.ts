/**
 * One worker process of the scale bench (`node --import tsx scale-worker.ts`): a
 * `createKycWorker` on the queue named in the environment, answering every node from the
 * bench profile with its files already URLs (no uploads, as in the throughput section).
 * Prints `{ ready }` once, then `{ heap }` (after a full GC) every second, for the bench.
 */
import { createProfileResponder } from '../src/adapters/node/profile-responder.js';
import { createKycWorker } from '../src/adapters/queue/index.js';
import { loadBenchProfile, withRemoteFiles } from './customer.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`scale-worker: ${name} is not set`);
  return value;
};

const profile = withRemoteFiles(await loadBenchProfile());
const worker = createKycWorker({
  connection: env('BENCH_REDIS'),
  name: env('BENCH_QUEUE'),
  client: {
    gatewayUrl: env('BENCH_GATEWAY'),
    storageUrl: env('BENCH_STORAGE'),
    apiKey: env('BENCH_API_KEY'),
    apiSecret: env('BENCH_API_SECRET'),
    domainId: env('BENCH_DOMAIN'),
  },
  responder: (_flow, { client }) => createProfileResponder(profile, { upload: client.upload }),
  concurrency: Number(env('BENCH_CONCURRENCY')),
  polling: { timeScale: Number(env('BENCH_SPEED')) },
});
worker.worker.on('error', (error) => process.stderr.write(`scale-worker: ${error.message}\n`));
await worker.worker.waitUntilReady();
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
// Started with --expose-gc: each sample is what the worker still holds, not its garbage.
const collect = (globalThis as { gc?: () => void }).gc;
setInterval(() => {
  collect?.();
  say({ heap: process.memoryUsage().heapUsed });
}, 1_000).unref();
say({ ready: true });
