import { parseArgs } from 'node:util';
import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';
import { ProfileError } from '../profile-error.js';
import { type BatchEntry, readBatchFile } from './batch-file.js';
import { distinctFlows, runLocalBatch } from './batch-local.js';
import { runQueueBatch } from './batch-queue.js';
import { createBatchReport } from './batch-report.js';
import { blockedPorts } from './blocked-port.js';
import { asksForJson, failWith } from './command-failure.js';
import { EXIT_CODES } from './exit-codes.js';
import { GATEWAY_FLAG_OPTIONS, type GatewaySettings, gatewaySettings } from './gateway-options.js';
import { printable } from './printable.js';
import { RedisUnreachableError } from './redis-reach.js';
import { EMBEDDED_SANDBOX_SPEED, integer, localSandboxSpeed } from './run-options.js';
import { STOPPING_SIGNALS } from './stopping-signals.js';
import { UsageError } from './usage-error.js';

export const batchUsage = `usage: kyc-flow batch <customers.ndjson> [options]

Runs one onboarding per line of the file (each line a whole customer profile, the format of
--profile; file paths relative to the batch file). Without --redis they run in this process,
against the embedded sandbox unless a gateway is given. With --redis they are enqueued for
\`kyc-flow worker\` processes (files carried in Redis), and --wait follows them to the end
(a job BullMQ fails itself ends internal, with its reason; a job removed ends lost, exit 1).
A customer listed twice is one onboarding. Exits with the code of the worst outcome; 15
when the Redis cannot be reached within 5 s (20 when it refuses the credentials).

options:
  --redis <url>             enqueue on this Redis (redis:// or rediss://) [env KYC_REDIS_URL]
  --queue <name>            the queue's name; default kyc-flow
  --wait                    with --redis: follow the flows until each has its outcome
  --concurrency <n>         without --redis: onboardings at once; default 10
  --json                    one JSON line per flow, then { total, outcomes }
  --gateway, --storage, --api-key, --api-secret-file, --domain, --max-answer-bytes:
                            as for kyc-flow run
  -h, --help`;

interface BatchOptions {
  readonly file: string;
  readonly redis?: string;
  readonly queue?: string;
  readonly wait: boolean;
  readonly concurrency: number;
  readonly json: boolean;
  readonly gateway?: GatewaySettings;
  readonly speed: number;
}

/** `kyc-flow batch`: many onboardings from one NDJSON file; resolves to the exit code. */
export async function batchCommand(args: string[]): Promise<number> {
  let options: BatchOptions | 'help';
  let entries: readonly BatchEntry[];
  try {
    options = await parseBatchOptions(args);
    if (options === 'help') {
      process.stdout.write(`${batchUsage}\n`);
      return EXIT_CODES.approved;
    }
    entries = await readBatchFile(options.file);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ProfileError)) throw error;
    const help =
      error instanceof UsageError ? 'kyc-flow batch --help shows the options.' : undefined;
    return failWith('batch', asksForJson(args))(EXIT_CODES.usage, error.message, help);
  }
  // As for `kyc-flow run`: every attempt would be refused before it leaves the machine.
  const { gateway } = options;
  const blocked = gateway
    ? blockedPorts({ gateway: gateway.gatewayUrl, storage: gateway.storageUrl })
    : [];
  if (blocked.length > 0 && !options.redis) {
    return failWith('batch', options.json)(
      EXIT_CODES.suspended,
      `${blocked.join('; ')}; nothing was sent`,
    );
  }
  return runBatch(options, entries);
}

async function runBatch(options: BatchOptions, entries: readonly BatchEntry[]): Promise<number> {
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  for (const signal of STOPPING_SIGNALS) process.on(signal, interrupt);
  try {
    if (options.redis) return await enqueue(options, entries, controller.signal);
    return await local(options, entries, controller.signal);
  } catch (error) {
    const fail = failWith('batch', options.json);
    if (controller.signal.aborted) return fail(EXIT_CODES.interrupted, 'interrupted');
    if (error instanceof RedisUnreachableError) {
      const code =
        error.reason === 'credentials' ? EXIT_CODES.credentialsRefused : EXIT_CODES.suspended;
      return fail(code, printable(error.message));
    }
    if (!(error instanceof KycFlowError)) throw error;
    return fail(EXIT_CODES.internal, `${error.code}: ${printable(error.message)}`);
  } finally {
    for (const signal of STOPPING_SIGNALS) process.off(signal, interrupt);
  }
}

async function enqueue(options: BatchOptions, entries: readonly BatchEntry[], signal: AbortSignal) {
  const report = createBatchReport(entries.length, options.json);
  const total = await runQueueBatch(
    entries,
    {
      redis: options.redis ?? '',
      ...(options.queue && { queue: options.queue }),
      wait: options.wait,
      signal,
    },
    report,
  );
  if (options.wait) return report.finish();
  const queue = options.queue ?? 'kyc-flow';
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ enqueued: total, queue })}\n`
      : `${total} onboarding${total === 1 ? '' : 's'} enqueued on queue ${queue}\n`,
  );
  return EXIT_CODES.approved;
}

async function local(options: BatchOptions, entries: readonly BatchEntry[], signal: AbortSignal) {
  let gateway = options.gateway;
  let close = async (): Promise<void> => undefined;
  if (!gateway) {
    // Loaded only when needed: a batch against a real gateway never pays for the sandbox.
    const { startSandbox } = await import('../../../sandbox/index.js');
    const sandbox = await startSandbox({ speed: options.speed });
    gateway = {
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
    };
    close = () => sandbox.close();
  }
  try {
    const report = createBatchReport(distinctFlows(entries).length, options.json);
    await runLocalBatch(
      entries,
      {
        gateway,
        concurrency: options.concurrency,
        speed: options.speed,
        maxSuspendedMs: 120_000,
        signal,
      },
      report,
    );
    return report.finish();
  } finally {
    await close();
  }
}

async function parseBatchOptions(args: readonly string[]): Promise<BatchOptions | 'help'> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    throw new UsageError('give one batch file: kyc-flow batch customers.ndjson');
  }
  const redis = values.redis ?? (process.env.KYC_REDIS_URL || undefined);
  if (!redis && values.wait) throw new UsageError('--wait needs --redis');
  if (!redis && values.queue) throw new UsageError('--queue needs --redis');
  if (redis && values.concurrency) {
    throw new UsageError('--concurrency is for a batch in this process; workers have their own');
  }
  if (redis && !/^rediss?:\/\//.test(redis))
    throw new UsageError('--redis must be a redis:// or rediss:// URL');
  const gateway = await gatewaySettings(values, process.env, (text) =>
    process.stderr.write(`kyc-flow batch: ${text}\n`),
  );
  return {
    file,
    ...(redis && { redis }),
    ...(values.queue && { queue: values.queue }),
    wait: values.wait ?? false,
    concurrency: integer(values.concurrency, '--concurrency', 10, 1, 1_000),
    json: values.json ?? false,
    ...(gateway && { gateway }),
    speed: gateway ? localSandboxSpeed(gateway, process.env) : EMBEDDED_SANDBOX_SPEED,
  };
}

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      redis: { type: 'string' },
      queue: { type: 'string' },
      wait: { type: 'boolean' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
      ...GATEWAY_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
