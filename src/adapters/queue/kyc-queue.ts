import type { Queue as BullQueue, JobsOptions } from 'bullmq';
import type { FlowCustomer } from '../../machine/index.js';
import type { CustomerProfile } from '../node/profile.js';
import { carryProfile } from './carry-profile.js';
import {
  FLOW_JOB_NAME,
  kycKeys,
  openRedis,
  type QueueConnection,
  type QueueNames,
  queueNames,
} from './connection.js';
import { checkedCustomer } from './customer-check.js';
import { jobIdOf } from './flow-key.js';
import { type CarriedFile, jobDataOf, type KycJobData } from './job-data.js';
import { createJobFiles } from './job-files.js';
import type { KycJobResult } from './job-result.js';
import type { OutcomeName } from './outcome.js';
import { createOutcomeTally } from './outcome-tally.js';
import { Queue } from './peers.js';
import { type QueueCounts, queueCounts } from './queue-counts.js';

export interface KycQueueOptions extends QueueNames {
  readonly connection: QueueConnection;
  /**
   * BullMQ options every onboarding job gets, over kyc-flow's: 3 attempts with exponential
   * back-off for a Redis or snapshot hiccup, finished jobs kept a week (the last 10 000 of
   * them), failed ones 30 days.
   */
  readonly jobOptions?: JobsOptions;
  /**
   * Told each error BullMQ or its Redis connection reports (Redis unreachable, say: several a
   * second while it is away). BullMQ reconnects by itself, and calls wait for Redis meanwhile.
   * Without it, they are not printed: `counts()`, `enqueue` and the rest wait or reject as ever.
   */
  readonly onError?: (error: Error) => void;
}

/** One onboarding to add: the customer, and what its responder needs. */
export interface KycEnqueueItem<TData = unknown> {
  readonly customer: FlowCustomer;
  /** The host's own payload for its responder (a record id, say). Kept in Redis with the job. */
  readonly data?: TData;
  /** A whole customer profile (`loadProfile`): the worker answers every node from it, its files carried. */
  readonly profile?: CustomerProfile;
  /** BullMQ's priority (1 highest). */
  readonly priority?: number;
}

export interface KycQueue<TData = unknown> {
  /** The BullMQ queue itself: for bull-board, metrics, or your own calls. */
  readonly queue: BullQueue<KycJobData<TData>, KycJobResult>;
  /**
   * Adds one onboarding; its job id is a digest of the flow's key (`jobIdOf`), so enqueuing
   * the same customer again while its job is kept is the same flow, and adds nothing.
   */
  enqueue(
    customer: FlowCustomer,
    options?: Omit<KycEnqueueItem<TData>, 'customer'>,
  ): Promise<{ readonly jobId: string }>;
  /** Adds many at once (one Redis round trip per 500); a customer listed twice is one flow. */
  enqueueMany(items: Iterable<KycEnqueueItem<TData>>): Promise<Array<{ readonly jobId: string }>>;
  /** Jobs per BullMQ state, and flows per outcome since the queue began. */
  counts(): Promise<QueueCounts>;
  /** The outcome a customer's flow reached (while it is remembered: 30 days). */
  outcomeOf(customerOrJobId: FlowCustomer | string): Promise<OutcomeName | undefined>;
  close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

const BULK = 500;

/** The queue onboardings are added to; `createKycWorker` on the same connection and name runs them. */
export function createKycQueue<TData = unknown>(options: KycQueueOptions): KycQueue<TData> {
  const names = queueNames(options);
  const keys = kycKeys(names);
  const redis = openRedis(options.connection);
  const queue = new Queue<KycJobData<TData>, KycJobResult>(names.name, {
    connection: redis,
    prefix: names.prefix,
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...options.jobOptions },
  });
  // Heard here, so that BullMQ does not print each one itself (its fallback with no listener).
  queue.on('error', (error) => {
    try {
      options.onError?.(error);
    } catch {
      // The host's handler threw: BullMQ would hand that back here as another error.
    }
  });
  const files = createJobFiles(redis, keys);
  const tally = createOutcomeTally(redis, keys);
  const seen = new Map<string, CarriedFile>();

  const jobOf = async (item: KycEnqueueItem<TData>) => {
    const customer = checkedCustomer(item.customer);
    const jobId = jobIdOf(customer);
    const profile = item.profile && (await carryProfile(item.profile, files, seen));
    const data = jobDataOf<TData>(customer, {
      ...(item.data !== undefined && { data: item.data }),
      ...(profile && { profile }),
    });
    const opts = { jobId, ...(item.priority !== undefined && { priority: item.priority }) };
    return { name: FLOW_JOB_NAME, data, opts };
  };

  return {
    queue,
    async enqueue(customer, extra = {}) {
      const job = await jobOf({ ...extra, customer });
      await queue.add(job.name, job.data, job.opts);
      return { jobId: job.opts.jobId };
    },
    async enqueueMany(items) {
      const added: Array<{ jobId: string }> = [];
      let chunk: Array<Awaited<ReturnType<typeof jobOf>>> = [];
      const flush = async () => {
        if (chunk.length > 0) await queue.addBulk(chunk);
        chunk = [];
      };
      for (const item of items) {
        const job = await jobOf(item);
        chunk.push(job);
        added.push({ jobId: job.opts.jobId });
        if (chunk.length >= BULK) await flush();
      }
      await flush();
      return added;
    },
    counts: () => queueCounts(queue, tally),
    outcomeOf: (customerOrJobId) =>
      tally.outcomeOf(
        typeof customerOrJobId === 'string' ? customerOrJobId : jobIdOf(customerOrJobId),
      ),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
