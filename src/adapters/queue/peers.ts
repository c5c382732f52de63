import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';
import type * as Undici from 'undici';
import { missingPeerMessage } from '../node/missing-peer.js';
import { MissingPeerError } from './missing-peer-error.js';

/**
 * The optional peer dependencies `kyc-flow/queue` runs on, loaded once when the module is:
 * BullMQ and its Redis client, and undici for the bounded pool of gateway connections. An
 * application that never imports `kyc-flow/queue` needs none of them; one that does and
 * lacks one gets a `MissingPeerError` saying which to install, instead of Node's bare
 * "Cannot find package". (Loaded with `import()`, so `kyc-flow/queue` is for `import` only.)
 */
async function load<T>(peer: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    const message = missingPeerMessage(error);
    if (message === undefined) throw error;
    throw new MissingPeerError(peer, message, { cause: error });
  }
}

const bullmq: typeof BullMQ = await load('bullmq', () => import('bullmq'));
const ioredis: typeof IORedis = await load('ioredis', () => import('ioredis'));
const undici: typeof Undici = await load('undici', () => import('undici'));

export const Queue: typeof BullMQ.Queue = bullmq.Queue;
export const Worker: typeof BullMQ.Worker = bullmq.Worker;
export const QueueEvents: typeof BullMQ.QueueEvents = bullmq.QueueEvents;
export const DelayedError: typeof BullMQ.DelayedError = bullmq.DelayedError;
export const WaitingError: typeof BullMQ.WaitingError = bullmq.WaitingError;
export const UnrecoverableError: typeof BullMQ.UnrecoverableError = bullmq.UnrecoverableError;
export const Redis: typeof IORedis.Redis = ioredis.Redis;
export const Agent: typeof Undici.Agent = undici.Agent;
export const undiciFetch: typeof Undici.fetch = undici.fetch;
