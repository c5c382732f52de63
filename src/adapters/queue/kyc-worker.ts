import type { Worker as BullWorker, RateLimiterOptions, WorkerOptions } from 'bullmq';
import type { PollingOptions } from '../../machine/index.js';
import {
  kycKeys,
  openRedis,
  type QueueConnection,
  type QueueNames,
  queueNames,
} from './connection.js';
import { type FlowJobContext, runFlowJob } from './flow-job.js';
import { createNewerBuildWait } from './newer-build-wait.js';

/** How long a flow a later kyc-flow saved waits for a worker of that version. */
const DEFAULT_NEWER_BUILD_WAIT_MS = 60 * 60_000;

import type { KycJobData } from './job-data.js';
import { createJobFiles } from './job-files.js';
import { jobResponder, type WorkerResponder } from './job-responder.js';
import type { KycJobResult } from './job-result.js';
import { createOutcomeTally } from './outcome-tally.js';
import { LOCK_LOST, ownedSnapshots } from './owned-snapshots.js';
import { Worker } from './peers.js';
import { createRateBudget } from './rate-budget.js';
import { closeOnSignals } from './signals.js';
import { type WorkerGateway, workerClient } from './worker-client.js';
import type { KycWorkerEvent } from './worker-events.js';
import { privateDirectory } from './worker-files.js';
import { checkWorkerOptions } from './worker-options.js';

export interface KycWorkerOptions<TData = unknown> extends QueueNames {
  readonly connection: QueueConnection;
  /**
   * The gateway: its settings (the worker then pools connections, shares the rate budget and
   * holds off on "too many"), or a client you built (used as it is).
   */
  readonly client: WorkerGateway;
  /** Answers the nodes of jobs that carry no profile: one responder, or one per flow. */
  readonly responder?: WorkerResponder<TData>;
  /** Flows running at once in this worker (parked ones not counted); default 50. */
  readonly concurrency?: number;
  /** A flow whose next own step is at least this far away is saved and parked; default 10 s. */
  readonly parkWhenIdleForMs?: number;
  /**
   * Gateway calls within any second, shared by every worker of the queue (retries count);
   * give every worker the same. None by default; a "too many" holds every worker either way.
   */
  readonly callsPerSecond?: number;
  /**
   * BullMQ's limiter: at most `max` flows taken up per `duration` ms across every worker.
   * Default: one that never limits, so that a "too many" can pause every worker's fetching.
   */
  readonly limiter?: RateLimiterOptions;
  /** Connections to the gateway (and its storage) at most, per worker; default 16. */
  readonly maxConnections?: number;
  readonly polling?: Partial<PollingOptions>;
  /** How long a running flow rides out an unreachable gateway before it is parked; default 5 min. */
  readonly maxSuspendedMs?: number;
  /**
   * How long a flow saved by a later kyc-flow (a rolling deploy) is handed back, a minute at
   * a time, for a worker of that version, before its job fails (`SNAPSHOT_NEWER`); default 1 h.
   */
  readonly newerBuildWaitMs?: number;
  /**
   * How long a flow's snapshot (personal data) is kept after its last save; default 30 days,
   * as long as a failed job is kept, so that a flow stopped for attention can be retried.
   * Whole milliseconds, 1 or more (Redis's `PX`).
   */
  readonly snapshotRetentionMs?: number;
  /** A dead worker's flows go to another after this long (BullMQ's lockDuration); default 30 s. */
  readonly lockDurationMs?: number;
  /** How often workers look for flows of dead workers; default 30 s. */
  readonly stalledIntervalMs?: number;
  /** How many worker deaths one flow survives before its job fails; default 10. */
  readonly maxStalledCount?: number;
  /** Signals on which the worker parks every running flow and closes; default SIGTERM, SIGINT. */
  readonly closeOn?: readonly NodeJS.Signals[];
  /** Anything else for BullMQ's `Worker`. */
  readonly workerOptions?: Partial<WorkerOptions>;
  readonly onEvent?: (event: KycWorkerEvent) => void;
}

export interface KycWorker {
  /** The BullMQ worker itself. */
  readonly worker: BullWorker<KycJobData, KycJobResult>;
  /** Flows running in this worker now (each holds a slot). */
  running(): number;
  /** Parks every running flow (saved; its job back in the queue for any worker), then closes. */
  close(): Promise<void>;
}

/**
 * Runs the onboardings of a `createKycQueue` queue (same connection, name and prefix).
 * Throws a `KycWorkerOptionError` for a numeric option out of its range, before it connects.
 */
export function createKycWorker<TData = unknown>(options: KycWorkerOptions<TData>): KycWorker {
  checkWorkerOptions(options);
  const names = queueNames(options);
  const redis = openRedis(options.connection);
  const shutdown = new AbortController();
  let worker: BullWorker<KycJobData<TData>, KycJobResult> | undefined;
  const parts = workerParts(options, redis, shutdown.signal, (ms) => worker?.rateLimit(ms));
  let active = 0;
  worker = new Worker<KycJobData<TData>, KycJobResult>(
    names.name,
    async (job, token, signal) => {
      active += 1;
      try {
        return await runFlowJob(job, token, signal, parts.context);
      } finally {
        active -= 1;
      }
    },
    workerSettings(options, redis, names.prefix),
  );
  // Heard here, so that BullMQ does not print each one itself (its fallback with no listener).
  worker.on('error', (error) => {
    try {
      parts.context.report({ type: 'error', message: error.message });
    } catch {
      // The host's onEvent threw: BullMQ would hand that back here as another error.
    }
  });
  // A lock BullMQ could not renew is another worker's job by now (or soon): the flow stops
  // at once, and its writes are refused meanwhile (`ownedSnapshotStore`).
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const jobId of jobIds) worker?.cancelJob(jobId, LOCK_LOST);
  });
  const started = worker;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // BullMQ stops taking jobs first; then the running flows are saved and handed back.
      const closed = started.close();
      shutdown.abort(new Error('the worker is closing'));
      await closed;
      await parts.close();
      redis.disconnect();
    })();
    return closing;
  };
  closeOnSignals(options.closeOn ?? ['SIGTERM', 'SIGINT'], close);
  return { worker: started as BullWorker<KycJobData, KycJobResult>, running: () => active, close };
}

/** What every job of a worker shares: the gateway client, the stores, the responder. */
function workerParts<TData>(
  options: KycWorkerOptions<TData>,
  redis: ReturnType<typeof openRedis>,
  shutdown: AbortSignal,
  pauseFetching: (ms: number) => Promise<void> | undefined,
) {
  const keys = kycKeys(queueNames(options));
  const report = options.onEvent ?? (() => undefined);
  // Every worker takes its calls from the budget: with no `callsPerSecond` it only holds
  // them while the gateway's "too many" lasts, whichever worker heard it.
  const budget = createRateBudget(redis, keys, options.callsPerSecond);
  const gateway = workerClient(options.client, {
    maxConnections: options.maxConnections ?? 16,
    budget,
    holdOff: (ms) => {
      report({ type: 'rateLimited', ms });
      // BullMQ's pause is set as it is told (a shorter one would cut a longer one short).
      void budget
        .pause(ms)
        .then((longer) => (longer ? pauseFetching(ms) : undefined))
        .catch(() => undefined);
    },
  });
  const directory = privateDirectory();
  const context: FlowJobContext<TData> = {
    client: gateway.client,
    storeOf: ownedSnapshots(redis, {
      ...queueNames(options),
      snapshotPrefix: keys.snapshots,
      ...(options.snapshotRetentionMs !== undefined && {
        retentionMs: options.snapshotRetentionMs,
      }),
    }),
    tally: createOutcomeTally(redis, keys),
    responderFor: jobResponder({
      client: gateway.client,
      files: createJobFiles(redis, keys),
      directory: directory.path,
      ...(options.responder && { responder: options.responder }),
    }),
    park: { whenIdleForMs: options.parkWhenIdleForMs ?? 10_000 },
    newerBuild: createNewerBuildWait(options.newerBuildWaitMs ?? DEFAULT_NEWER_BUILD_WAIT_MS),
    shutdown,
    report,
    ...(options.polling && { polling: options.polling }),
    ...(options.maxSuspendedMs !== undefined && { maxSuspendedMs: options.maxSuspendedMs }),
  };
  const close = async () => {
    budget.close();
    await gateway.close();
    await directory.remove();
  };
  return { context, close };
}

/**
 * BullMQ's limiter when the host sets none: it never limits by itself, but with a limiter
 * BullMQ heeds `worker.rateLimit` (a pause of every worker's fetching, kept in Redis), which
 * it ignores without one (its scripts read the limiter's key only when `max` is set).
 */
const PAUSABLE: RateLimiterOptions = { max: Number.MAX_SAFE_INTEGER, duration: 1_000 };

function workerSettings<TData>(
  options: KycWorkerOptions<TData>,
  redis: ReturnType<typeof openRedis>,
  prefix: string,
): WorkerOptions {
  return {
    connection: redis,
    prefix,
    concurrency: options.concurrency ?? 50,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 10,
    limiter: options.limiter ?? PAUSABLE,
    ...options.workerOptions,
  };
}
