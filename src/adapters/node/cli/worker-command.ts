import { parseArgs } from 'node:util';
import type { KycWorkerEvent } from '../../queue/worker-events.js';
import { blockedPorts } from './blocked-port.js';
import { asksForJson, failWith } from './command-failure.js';
import { EXIT_CODES } from './exit-codes.js';
import { GATEWAY_FLAG_OPTIONS, type GatewaySettings, gatewaySettings } from './gateway-options.js';
import { printable } from './printable.js';
import { RedisUnreachableError, reachRedis } from './redis-reach.js';
import { integer, localSandboxSpeed } from './run-options.js';
import { STOPPING_SIGNALS } from './stopping-signals.js';
import { UsageError } from './usage-error.js';

export const workerUsage = `usage: kyc-flow worker --redis <url> --gateway <url> [options]

Runs the onboardings of a queue (\`kyc-flow batch --redis\`, or createKycQueue) until
SIGTERM or Ctrl-C, which park every running flow in Redis for the other workers. Start as
many as you like, on as many machines: they share the queue and its rate budget.

options:
  --redis <url>             the queue's Redis (redis:// or rediss://)   [env KYC_REDIS_URL]
  --queue <name>            the queue's name; default kyc-flow
  --concurrency <n>         flows running at once (parked ones not counted); default 50
  --calls-per-second <n>    gateway calls per second, shared by every worker of the queue
  --max-connections <n>     connections to the gateway at most; default 16
  --json                    one JSON line per event on stdout
  --gateway, --storage, --api-key, --api-secret-file, --domain, --max-answer-bytes:
                            as for kyc-flow run
                            (required; or the KYC_* variables)
  -h, --help`;

interface WorkerCliOptions {
  readonly redis: string;
  readonly queue?: string;
  readonly concurrency: number;
  readonly callsPerSecond?: number;
  readonly maxConnections: number;
  readonly json: boolean;
  readonly gateway: GatewaySettings;
  readonly speed: number;
}

/** `kyc-flow worker`: runs a queue's onboardings until stopped; resolves to the exit code. */
export async function workerCommand(args: string[]): Promise<number> {
  let options: WorkerCliOptions | 'help';
  try {
    options = await parseWorkerOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = 'kyc-flow worker --help shows the options.';
    return failWith('worker', asksForJson(args))(EXIT_CODES.usage, error.message, help);
  }
  if (options === 'help') {
    process.stdout.write(`${workerUsage}\n`);
    return EXIT_CODES.approved;
  }
  // As for `kyc-flow run`: every job's every attempt would be refused before it leaves the
  // machine. Said before Redis is contacted, so no job is taken only to fail.
  const { gatewayUrl, storageUrl } = options.gateway;
  const blocked = blockedPorts({ gateway: gatewayUrl, storage: storageUrl });
  if (blocked.length > 0) {
    return failWith('worker', options.json)(
      EXIT_CODES.suspended,
      `${blocked.join('; ')}; nothing was sent`,
    );
  }
  return runWorker(options);
}

async function runWorker(options: WorkerCliOptions): Promise<number> {
  const first = stopped();
  // A first contact within 5 s: a Redis that is not there is one line and an exit code,
  // not a worker waiting for it for ever (BullMQ's connection never gives up).
  const reached = await untilStopped(reachRedis(options.redis, first.signal), first, options.json);
  if (reached !== undefined) return reached;
  // Loaded only here: the other commands need neither BullMQ nor ioredis.
  const { createKycWorker } = await import('../../queue/kyc-worker.js');
  const worker = createKycWorker({
    connection: options.redis,
    ...(options.queue && { name: options.queue }),
    client: options.gateway,
    concurrency: options.concurrency,
    maxConnections: options.maxConnections,
    ...(options.callsPerSecond && { callsPerSecond: options.callsPerSecond }),
    polling: { timeScale: options.speed },
    closeOn: [],
    onEvent: (event) => say(event, options.json),
  });
  await Promise.race([worker.worker.waitUntilReady(), first.promise]);
  if (!first.signal.aborted) {
    process.stderr.write(
      `kyc-flow worker: running queue ${options.queue ?? 'kyc-flow'}, ${options.concurrency} at once, gateway ${options.gateway.gatewayUrl}\n`,
    );
    await first.promise;
  }
  process.stderr.write(
    'kyc-flow worker: parking the running flows (Ctrl-C again to stop at once)\n',
  );
  const second = stopped();
  await Promise.race([worker.close(), second.promise]);
  if (second.signal.aborted) {
    // Redis away, say: nothing can be parked. Each flow resumes from its last save in
    // another worker once its lock runs out (`lockDurationMs`).
    process.stderr.write(
      'kyc-flow worker: stopped before every flow was parked; each resumes from its last save\n',
    );
    process.exit(EXIT_CODES.interrupted);
  }
  return EXIT_CODES.approved;
}

/** The first stopping signal from now (SIGTERM, SIGINT, SIGHUP): a promise, and a signal aborted with it. */
function stopped() {
  const controller = new AbortController();
  const promise = new Promise<void>((done) => {
    const stop = () => {
      for (const signal of STOPPING_SIGNALS) process.off(signal, stop);
      controller.abort(new Error('interrupted'));
      done();
    };
    for (const signal of STOPPING_SIGNALS) process.on(signal, stop);
  });
  return { promise, signal: controller.signal };
}

/** `undefined` once Redis answered; else the exit code, its reason said on stderr. */
async function untilStopped(
  reach: Promise<void>,
  stop: ReturnType<typeof stopped>,
  json: boolean,
): Promise<number | undefined> {
  try {
    await reach;
    return undefined;
  } catch (error) {
    const fail = failWith('worker', json);
    if (stop.signal.aborted) return fail(EXIT_CODES.interrupted, 'interrupted');
    if (!(error instanceof RedisUnreachableError)) throw error;
    const code =
      error.reason === 'credentials' ? EXIT_CODES.credentialsRefused : EXIT_CODES.suspended;
    return fail(code, printable(error.message));
  }
}

/** A worker's event as a line; a failure's code is the gateway's text (see `printable`). */
function say(event: KycWorkerEvent, json: boolean): void {
  if (json) {
    process.stdout.write(`${printable(JSON.stringify(event))}\n`);
    return;
  }
  const text = describe(event);
  process.stderr.write(`${printable(text)}\n`);
}

function describe(event: KycWorkerEvent): string {
  switch (event.type) {
    case 'running':
      return `${event.jobId} ${event.resumed ? 'resumed' : 'started'}`;
    case 'parked':
      return `${event.jobId} parked at ${event.step} until ${new Date(event.wakeAt).toISOString()}`;
    case 'done':
      return `${event.jobId} ${event.outcome}`;
    case 'failed':
      return `${event.jobId} failed: ${event.code}${event.retrying ? ' (retrying)' : ''}`;
    case 'lockLost':
      return `${event.jobId} lost its lock (this worker was held up too long): another worker runs it now`;
    case 'deferred':
      return `${event.jobId} saved by a newer kyc-flow: left for a worker of that version until ${new Date(event.wakeAt).toISOString()}`;
    case 'handedBack':
      return `${event.jobId} handed back to the queue`;
    case 'rateLimited':
      return `the gateway said "too many": every worker holds off ${event.ms} ms`;
    case 'error':
      return `kyc-flow worker: ${event.message}`;
  }
}

async function parseWorkerOptions(args: readonly string[]): Promise<WorkerCliOptions | 'help'> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const redis = values.redis ?? (process.env.KYC_REDIS_URL || undefined);
  if (!redis || !/^rediss?:\/\//.test(redis)) {
    throw new UsageError('--redis (or KYC_REDIS_URL) must be a redis:// or rediss:// URL');
  }
  const gateway = await gatewaySettings(values, process.env, (text) =>
    process.stderr.write(`kyc-flow worker: ${text}\n`),
  );
  if (!gateway) {
    throw new UsageError('a worker needs a gateway: --gateway (or KYC_GATEWAY_URL) and its keys');
  }
  const calls = values['calls-per-second'];
  return {
    redis,
    ...(values.queue && { queue: values.queue }),
    concurrency: integer(values.concurrency, '--concurrency', 50, 1, 10_000),
    ...(calls !== undefined && {
      callsPerSecond: integer(calls, '--calls-per-second', 1, 1, 1_000_000),
    }),
    maxConnections: integer(values['max-connections'], '--max-connections', 16, 1, 10_000),
    json: values.json ?? false,
    gateway,
    speed: localSandboxSpeed(gateway, process.env),
  };
}

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      redis: { type: 'string' },
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      'calls-per-second': { type: 'string' },
      'max-connections': { type: 'string' },
      json: { type: 'boolean' },
      ...GATEWAY_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
