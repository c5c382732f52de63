import type { Queue as BullQueue } from 'bullmq';
import type { OutcomeName } from './outcome.js';
import type { OutcomeTally } from './outcome-tally.js';

/** The BullMQ states an onboarding's job is counted in. */
export const JOB_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'completed',
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueCounts {
  /**
   * Jobs per state: `active` flows hold a worker slot; `delayed` ones are parked (waiting
   * on a review, a person, the gateway) and hold none; finished ones as long as kept.
   */
  readonly states: Record<JobState, number>;
  /**
   * Flows per outcome, since the queue began (a flow retried to another outcome moves), as
   * recorded by kyc-flow's workers. A job BullMQ fails by its own hand (stalled more often
   * than `maxStalledCount` allows: a poison job that kills its worker) or a job removed
   * before it ended has no outcome: it is in `states.failed` (while kept) but not here.
   */
  readonly outcomes: Partial<Record<OutcomeName, number>>;
}

export async function queueCounts(queue: BullQueue, tally: OutcomeTally): Promise<QueueCounts> {
  const [counts, outcomes] = await Promise.all([queue.getJobCounts(...JOB_STATES), tally.counts()]);
  const states = Object.fromEntries(
    JOB_STATES.map((state) => [state, counts[state] ?? 0]),
  ) as Record<JobState, number>;
  return { states, outcomes };
}
