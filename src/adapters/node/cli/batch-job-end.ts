import type { KycQueue } from '../../queue/kyc-queue.js';
import { isOutcomeName } from '../../queue/outcome.js';
import type { BatchOutcome } from './batch-report.js';
import { printable } from './printable.js';

/** How one flow of a batch ended, and for a job BullMQ failed itself, why. */
export interface BatchEnd {
  readonly outcome: BatchOutcome;
  /** BullMQ's `failedReason`, for a job that failed with no outcome recorded by kyc-flow. */
  readonly reason?: string;
}

const REASON_CHARS = 200;

/**
 * How a job without a recorded outcome ended, if it did: one BullMQ failed by its own hand
 * (stalled more than allowed, a lock lost…) is `internal` with BullMQ's reason, as a job
 * kyc-flow failed on an unforeseen error; one that no longer exists (removed, the queue
 * obliterated) is `lost`. `undefined` while it may still reach an outcome.
 */
export async function jobEndOf(queue: KycQueue, jobId: string): Promise<BatchEnd | undefined> {
  const state = await queue.queue.getJobState(jobId);
  if (state !== 'failed' && state !== 'completed' && state !== 'unknown') return undefined;
  // Read again after the state: a worker records the outcome before it ends the job.
  const outcome = await queue.outcomeOf(jobId);
  if (outcome !== undefined) return { outcome };
  if (state === 'unknown') return { outcome: 'lost' };
  const job = await queue.queue.getJob(jobId);
  if (!job) return { outcome: 'lost' };
  if (state === 'completed') {
    const kept = job.returnvalue?.outcome;
    return { outcome: typeof kept === 'string' && isOutcomeName(kept) ? kept : 'lost' };
  }
  const reason = printable(job.failedReason || 'no reason given').slice(0, REASON_CHARS);
  return { outcome: 'internal', reason };
}
