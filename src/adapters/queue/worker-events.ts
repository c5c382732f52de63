import type { FlowStep } from '../../machine/index.js';
import type { OutcomeName } from './outcome.js';

/**
 * What a worker reports as it goes (`onEvent`), one flow's job at a time. No personal data:
 * jobs are named by their id (a digest of the flow's key).
 */
export type KycWorkerEvent =
  /** A flow runs: fresh, or `resumed` from its snapshot (after a park, a crash, a shutdown). */
  | { readonly type: 'running'; readonly jobId: string; readonly resumed: boolean }
  /** The flow waits on its own clock: saved, its job delayed until `wakeAt`; no slot held. */
  | {
      readonly type: 'parked';
      readonly jobId: string;
      readonly step: FlowStep;
      readonly wakeAt: number;
    }
  /** The flow reached its outcome; the job completes with it. */
  | {
      readonly type: 'done';
      readonly jobId: string;
      readonly outcome: OutcomeName;
      readonly executionId?: string;
    }
  /** The job failed; `retrying` when BullMQ tries it again by itself. */
  | {
      readonly type: 'failed';
      readonly jobId: string;
      readonly code: string;
      readonly outcome: OutcomeName;
      readonly retrying: boolean;
    }
  /**
   * This worker lost the job's lock (frozen past `lockDurationMs`, or cut off from Redis that
   * long) and another worker runs the flow now: this one stopped it without writing anything.
   */
  | { readonly type: 'lockLost'; readonly jobId: string }
  /**
   * A later kyc-flow saved the flow (`SNAPSHOT_NEWER`), which this worker cannot resume: its
   * job waits until `wakeAt` for a worker of that version, the flow untouched (a rolling
   * deploy). Past `newerBuildWaitMs` of this, the job fails for good instead.
   */
  | {
      readonly type: 'deferred';
      readonly jobId: string;
      readonly code: 'SNAPSHOT_NEWER';
      readonly wakeAt: number;
    }
  /** Shutdown: the flow is saved and its job back in the queue for another worker. */
  | { readonly type: 'handedBack'; readonly jobId: string }
  /** The gateway said "too many": every worker of the queue holds off for `ms`. */
  | { readonly type: 'rateLimited'; readonly ms: number }
  /**
   * BullMQ or its Redis connection failed (Redis unreachable, say). BullMQ reconnects by
   * itself; flows wait for Redis meanwhile, and nothing is lost. Reported once per error
   * BullMQ emits (several a second while Redis is away): yours to log, or to count.
   */
  | { readonly type: 'error'; readonly message: string };
