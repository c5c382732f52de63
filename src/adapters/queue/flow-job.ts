import type { Job } from 'bullmq';
import type { FlowStep, PollingOptions } from '../../machine/index.js';
import type { GatewayClient } from '../../services/types.js';
import { linkedSignal } from '../node/linked-signal.js';
import type { Responder } from '../node/responder.js';
import type { HeadlessEvent, HeadlessResult, ParkedResult } from '../node/run-events.js';
import { type ParkOptions, runHeadless } from '../node/run-headless.js';
import type { SnapshotStore } from '../node/snapshot-store.js';
import { endedBefore } from './ended-job.js';
import { type KycJobData, readJobData } from './job-data.js';
import { jobFailure } from './job-failure.js';
import { jobResultOf, type KycJobResult } from './job-result.js';
import { KycJobError } from './kyc-job-error.js';
import { type NewerBuildWait, savedByNewerBuild } from './newer-build-wait.js';
import { outcomeOf } from './outcome.js';
import type { OutcomeTally } from './outcome-tally.js';
import { lostTheJob } from './owned-snapshots.js';
import { DelayedError, WaitingError } from './peers.js';
import type { KycWorkerEvent } from './worker-events.js';

/** One flow as the worker's responder factory sees it. */
export interface KycFlowJob<TData = unknown> {
  readonly jobId: string;
  readonly customer: KycJobData<TData>['customer'];
  readonly data?: TData;
}

/** Everything a worker's jobs share. */
export interface FlowJobContext<TData> {
  readonly client: GatewayClient;
  /** The job's store as this worker holds it (its writes fenced by the job's lock). */
  readonly storeOf: (jobId: string, token: string | undefined) => SnapshotStore;
  readonly tally: OutcomeTally;
  readonly responderFor: (flow: KycFlowJob<TData>, job: KycJobData<TData>) => Promise<Responder>;
  readonly park: ParkOptions;
  readonly polling?: Partial<PollingOptions>;
  readonly maxSuspendedMs?: number;
  /** Flows a later kyc-flow saved: handed on to its workers for a while, then failed. */
  readonly newerBuild: NewerBuildWait;
  /** Aborted at shutdown: every running flow is saved and handed back to the queue. */
  readonly shutdown: AbortSignal;
  readonly report: (event: KycWorkerEvent) => void;
}

type FlowJob<TData> = Job<KycJobData<TData>, KycJobResult>;

/**
 * One job of the queue: runs the flow from its snapshot (or fresh) until it ends, or until
 * it only waits on its own clock. A waiting flow is saved and its job parked in BullMQ's
 * delayed set until its next step is due, so it holds no worker slot and no memory; at
 * shutdown the flow is saved and the job handed back for another worker at once.
 */
export async function runFlowJob<TData>(
  job: FlowJob<TData>,
  token: string | undefined,
  signal: AbortSignal | undefined,
  context: FlowJobContext<TData>,
): Promise<KycJobResult> {
  const jobId = job.id ?? '';
  // Taken up while the worker closes (BullMQ had asked for it already): straight back.
  if (context.shutdown.aborted) return handBack(job, token, context);
  const store = context.storeOf(jobId, token);
  let result: HeadlessResult | ParkedResult;
  // The worker's shutdown and the job's own signal, followed without a trace left on either
  // once the job is done (see `linkedSignal`).
  const stop = linkedSignal(signal ? [context.shutdown, signal] : [context.shutdown]);
  try {
    const ended = await endedBefore(jobId, store, context.tally);
    if (ended) {
      context.report({ type: 'done', jobId, outcome: ended.outcome });
      return ended;
    }
    const data = readJobData<TData>(jobId, job.data);
    const flow = {
      jobId,
      customer: data.customer,
      ...(data.data !== undefined && { data: data.data }),
    };
    const responder = await context.responderFor(flow, data);
    result = await runHeadless({
      client: context.client,
      customer: data.customer,
      responder,
      store,
      key: jobId,
      park: context.park,
      review: 'wait',
      signal: stop.signal,
      onEvent: progressOf(job, context),
      ...(context.polling && { polling: context.polling }),
      ...(context.maxSuspendedMs !== undefined && { maxSuspendedMs: context.maxSuspendedMs }),
    });
  } catch (error) {
    if (lostTheJob(error, signal)) return leave(job, context);
    if (context.shutdown.aborted) return handBack(job, token, context);
    const wakeAt = savedByNewerBuild(error) ? context.newerBuild.wakeAt(jobId) : undefined;
    if (wakeAt !== undefined) return handOn(job, token, wakeAt, context);
    throw await failed(job, error, context);
  } finally {
    stop.release();
  }
  try {
    return await settle(job, token, result, store, context);
  } catch (error) {
    if (lostTheJob(error, signal)) return leave(job, context);
    throw error;
  }
}

/**
 * The job's lock was lost and another worker runs the flow: this one lets go without a
 * word to BullMQ (the job is the other worker's now) and without reporting an outcome.
 */
function leave<TData>(job: FlowJob<TData>, context: FlowJobContext<TData>): never {
  context.report({ type: 'lockLost', jobId: job.id ?? '' });
  throw new WaitingError();
}

/** Reports the flow's step as the job's progress, and the run's start to the worker. */
function progressOf<TData>(job: FlowJob<TData>, context: FlowJobContext<TData>) {
  const jobId = job.id ?? '';
  let step: FlowStep | undefined;
  return (event: HeadlessEvent) => {
    if (event.type === 'started' || event.type === 'resumed') {
      context.report({ type: 'running', jobId, resumed: event.type === 'resumed' });
    }
    if (event.type !== 'state' || event.step === step) return;
    step = event.step;
    job.updateProgress(event.step).catch(() => undefined);
  };
}

async function settle<TData>(
  job: FlowJob<TData>,
  token: string | undefined,
  result: HeadlessResult | ParkedResult,
  store: SnapshotStore,
  context: FlowJobContext<TData>,
): Promise<KycJobResult> {
  const jobId = job.id ?? '';
  switch (result.status) {
    case 'parked':
      return park(job, token, result.step, result.wakeAt, context);
    case 'suspended':
    case 'pendingReview':
    case 'unknownNode':
      // The run gave up waiting, not the flow: it goes on from its snapshot a little later.
      return park(job, token, result.status, Date.now() + context.park.whenIdleForMs, context);
    case 'needsAttention': {
      const outcome = outcomeOf(result);
      await context.tally.record(jobId, outcome);
      context.report({ type: 'failed', jobId, code: result.error.code, outcome, retrying: false });
      throw new KycJobError(result.error.code, outcome, result.error.message);
    }
    default: {
      const outcome = outcomeOf(result);
      await context.tally.record(jobId, outcome);
      // Refused if another worker took the job meanwhile: that one reports the outcome.
      await store.delete(jobId);
      context.report({
        type: 'done',
        jobId,
        outcome,
        ...(result.executionId && { executionId: result.executionId }),
      });
      return jobResultOf(outcome, result);
    }
  }
}

async function park<TData>(
  job: FlowJob<TData>,
  token: string | undefined,
  step: FlowStep,
  wakeAt: number,
  context: FlowJobContext<TData>,
): Promise<never> {
  await job.moveToDelayed(Math.max(wakeAt, Date.now()), token);
  context.report({ type: 'parked', jobId: job.id ?? '', step, wakeAt });
  throw new DelayedError();
}

/**
 * The flow was saved by a later kyc-flow, which this worker cannot resume: its job waits
 * until `wakeAt` for a worker of that version (a rolling deploy), the flow untouched.
 */
async function handOn<TData>(
  job: FlowJob<TData>,
  token: string | undefined,
  wakeAt: number,
  context: FlowJobContext<TData>,
): Promise<never> {
  await job.moveToDelayed(wakeAt, token);
  context.report({ type: 'deferred', jobId: job.id ?? '', code: 'SNAPSHOT_NEWER', wakeAt });
  throw new DelayedError();
}

/** Shutdown: the flow is saved; its job goes back to the front of the queue. */
async function handBack<TData>(
  job: FlowJob<TData>,
  token: string | undefined,
  context: FlowJobContext<TData>,
): Promise<never> {
  await job.moveToWait(token);
  context.report({ type: 'handedBack', jobId: job.id ?? '' });
  throw new WaitingError();
}

async function failed<TData>(job: FlowJob<TData>, error: unknown, context: FlowJobContext<TData>) {
  const failure = jobFailure(error);
  const jobId = job.id ?? '';
  const retrying =
    !(failure instanceof KycJobError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
  const outcome = failure instanceof KycJobError ? failure.outcome : 'internal';
  if (!retrying) await context.tally.record(jobId, outcome).catch(() => undefined);
  const code = failure instanceof KycJobError ? failure.code : errorCode(failure);
  context.report({ type: 'failed', jobId, code, outcome, retrying });
  return failure;
}

const errorCode = (error: Error): string =>
  'code' in error && typeof error.code === 'string' ? error.code : error.name;
