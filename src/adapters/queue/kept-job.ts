import type { Queue as BullQueue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { KycJobData } from './job-data.js';
import type { KeptJobState } from './kyc-queue.js';

type KeptState = (jobId: string) => Promise<KeptJobState | undefined>;

/**
 * The state of the job kept under a job id, if one is: adding it again would add nothing.
 * Its hash is looked for first (one `EXISTS`): BullMQ's own state lookup walks its lists.
 */
export const keptStateIn =
  (queue: BullQueue, redis: Redis): KeptState =>
  async (jobId) => {
    if ((await redis.exists(queue.toKey(jobId))) === 0) return undefined;
    const state = await queue.getJobState(jobId);
    return state === 'unknown' ? undefined : state;
  };

/**
 * After an add: `undefined` when the kept job is the one this add made, else that job's
 * state. BullMQ answers a job id it keeps already as if it had added it; another enqueue of
 * the customer may have added theirs between the look and the add (or one batch lists them
 * twice): the job an add made holds its `enqueuedBy`.
 */
export const addedByIn =
  <TData>(queue: BullQueue, redis: Redis, keptState: KeptState) =>
  async (job: { readonly data: KycJobData<TData>; readonly opts: { readonly jobId: string } }) => {
    // Gone already (removed within moments): nobody else's is seen, so it counts as added.
    const stored = await redis.hget(queue.toKey(job.opts.jobId), 'data');
    if (stored === null || enqueuerOf(stored) === job.data.enqueuedBy) return undefined;
    return keptState(job.opts.jobId);
  };

const enqueuerOf = (stored: string): unknown => {
  try {
    const data: unknown = JSON.parse(stored);
    return typeof data === 'object' && data !== null && 'enqueuedBy' in data
      ? data.enqueuedBy
      : undefined;
  } catch {
    return undefined;
  }
};
