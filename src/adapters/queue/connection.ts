import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import { Redis } from './peers.js';

/** Where the queue's Redis is: a `redis://` / `rediss://` URL, or ioredis options (TLS, Sentinel…). */
export type QueueConnection = string | RedisOptions;

/** Which queue, among others on the same Redis. */
export interface QueueNames {
  /** The BullMQ queue's name; default `kyc-flow`. */
  readonly name?: string;
  /** BullMQ's key prefix; default `bull` (bull-board's default). `{bull}` on a Redis Cluster. */
  readonly prefix?: string;
}

export const DEFAULT_QUEUE_NAME = 'kyc-flow';
export const DEFAULT_QUEUE_PREFIX = 'bull';
/** The name of every job of the queue: one onboarding. */
export const FLOW_JOB_NAME = 'onboarding';

/**
 * A Redis connection for the queue, worker and stores. `maxRetriesPerRequest: null`, as
 * BullMQ requires for a worker: while Redis is away, commands wait for it to come back
 * instead of failing the flows that sent them.
 */
export function openRedis(connection: QueueConnection): RedisClient {
  return typeof connection === 'string'
    ? new Redis(connection, { maxRetriesPerRequest: null })
    : new Redis({ ...connection, maxRetriesPerRequest: null });
}

/** The queue's name and prefix, defaults filled in. */
export const queueNames = (names: QueueNames) => ({
  name: names.name ?? DEFAULT_QUEUE_NAME,
  prefix: names.prefix ?? DEFAULT_QUEUE_PREFIX,
});

/**
 * kyc-flow's own keys for one queue, beside BullMQ's (`<prefix>:<name>:…`), so that one
 * prefix with a hash tag (`{bull}`) keeps them in one Redis Cluster slot with the queue's.
 */
export function kycKeys(names: QueueNames) {
  const { name, prefix } = queueNames(names);
  const base = `${prefix}:${name}:kyc:`;
  return {
    snapshots: `${base}snapshot:`,
    outcomes: `${base}outcomes`,
    outcomeOf: (jobId: string) => `${base}outcome:${jobId}`,
    file: (digest: string) => `${base}file:${digest}`,
    budget: `${base}budget`,
    budgetPause: `${base}budget:pause`,
  };
}
export type KycKeys = ReturnType<typeof kycKeys>;
