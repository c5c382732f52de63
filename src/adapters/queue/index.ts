/**
 * `kyc-flow/queue`: headless onboardings spread over worker processes on BullMQ and Redis.
 * `createKycQueue` adds them, `createKycWorker` runs them (each flow kept in Redis after
 * every change, parked while it only waits, resumed by any worker). Needs the optional
 * peers `bullmq`, `ioredis` and `undici`.
 */
export {
  DEFAULT_QUEUE_NAME,
  DEFAULT_QUEUE_PREFIX,
  FLOW_JOB_NAME,
  type QueueConnection,
  type QueueNames,
} from './connection.js';
export { EnqueueError } from './enqueue-error.js';
export type { KycFlowJob } from './flow-job.js';
export { flowKeyOf, jobIdOf } from './flow-key.js';
export type { CarriedFile, CarriedProfile, KycJobData } from './job-data.js';
export type { WorkerResponder } from './job-responder.js';
export type { KycJobResult } from './job-result.js';
export { KycJobError } from './kyc-job-error.js';
export {
  createKycQueue,
  DEFAULT_JOB_OPTIONS,
  type Enqueued,
  type KeptJobState,
  type KycEnqueueItem,
  type KycQueue,
  type KycQueueOptions,
} from './kyc-queue.js';
export { createKycWorker, type KycWorker, type KycWorkerOptions } from './kyc-worker.js';
export { MissingPeerError } from './missing-peer-error.js';
export { exitCodeOfOutcome, type OutcomeName, worstOutcome } from './outcome.js';
export { DEFAULT_SNAPSHOT_RETENTION_MS } from './owned-snapshots.js';
export { JOB_STATES, type JobState, type QueueCounts } from './queue-counts.js';
export type { WorkerGateway } from './worker-client.js';
export type { KycWorkerEvent } from './worker-events.js';
export { KycWorkerOptionError } from './worker-options.js';
