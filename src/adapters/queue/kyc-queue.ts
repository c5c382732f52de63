import { randomUUID } from 'node:crypto';
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
import { addedByIn, keptStateIn } from './kept-job.js';
import type { OutcomeName } from './outcome.js';
import { createOutcomeTally } from './outcome-tally.js';
import { Queue } from './peers.js';
import { type JobState, type QueueCounts, queueCounts } from './queue-counts.js';

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

/**
 * What `enqueue` did for one customer. `added: false` when their job was kept already (the
 * same flow: nothing added, nothing changed), with the state that job is in: `failed` is a
 * flow that stopped (for attention, or out of attempts) and does not run again by being
 * enqueued: retry that job (`queue.queue.getJob(jobId)` then `job.retry()`) once the cause
 * is fixed, or remove it to begin anew.
 */
export type Enqueued =
  | { readonly jobId: string; readonly added: true }
  | { readonly jobId: string; readonly added: false; readonly state: KeptJobState };

/** The state of a job kept under a customer's job id (BullMQ's, `waiting-children` aside). */
export type KeptJobState = JobState | 'waiting-children';

export interface KycQueue<TData = unknown> {
  /** The BullMQ queue itself: for bull-board, metrics, or your own calls. */
  readonly queue: BullQueue<KycJobData<TData>, KycJobResult>;
  /**
   * Adds one onboarding; its job id is a digest of the flow's key (`jobIdOf`), so enqueuing
   * the same customer again while its job is kept is the same flow, and adds nothing: then
   * `added: false` and the kept job's `state` (`failed`: retry that job instead).
   */
  enqueue(
    customer: FlowCustomer,
    options?: Omit<KycEnqueueItem<TData>, 'customer'>,
  ): Promise<Enqueued>;
  /**
   * Adds many at once (one Redis round trip per 500); a customer listed twice is one flow.
   * Each item's answer is `enqueue`'s (`added: false` with the state of a job kept already).
   */
  enqueueMany(items: Iterable<KycEnqueueItem<TData>>): Promise<Enqueued[]>;
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
      enqueuedBy: randomUUID(),
    });
    const opts = { jobId, ...(item.priority !== undefined && { priority: item.priority }) };
    return { name: FLOW_JOB_NAME, data, opts };
  };
  const keptState = keptStateIn(queue, redis);
  const addedBy = addedByIn<TData>(queue, redis, keptState);

  return {
    queue,
    async enqueue(customer, extra = {}) {
      const job = await jobOf({ ...extra, customer });
      const { jobId } = job.opts;
      // BullMQ answers a job id it keeps already as if it had added it: asked first, so the
      // host hears that a failed flow was not run again.
      const kept = await keptState(jobId);
      if (kept !== undefined) return enqueued(jobId, kept);
      await queue.add(job.name, job.data, job.opts);
      return enqueued(jobId, await addedBy(job));
    },
    async enqueueMany(items) {
      const answers: Enqueued[] = [];
      let chunk: Array<Awaited<ReturnType<typeof jobOf>>> = [];
      const flush = async () => {
        const kept = await Promise.all(chunk.map((job) => keptState(job.opts.jobId)));
        const fresh = chunk.filter((_, index) => kept[index] === undefined);
        if (fresh.length > 0) await queue.addBulk(fresh);
        const added = await Promise.all(chunk.map((job, index) => kept[index] ?? addedBy(job)));
        chunk.forEach((job, index) => {
          answers.push(enqueued(job.opts.jobId, added[index]));
        });
        chunk = [];
      };
      for (const item of items) {
        const job = await jobOf(item);
        chunk.push(job);
        if (chunk.length >= BULK) await flush();
      }
      await flush();
      return answers;
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

const enqueued = (jobId: string, kept: KeptJobState | undefined): Enqueued =>
  kept === undefined ? { jobId, added: true } : { jobId, added: false, state: kept };
