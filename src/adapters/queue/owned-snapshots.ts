import type { Redis as RedisClient } from 'ioredis';
import { redisScript } from '../node/redis-script.js';
import {
  createRedisSnapshotStore,
  FENCED_SET_LUA,
  type RedisSnapshotClient,
} from '../node/redis-snapshot-store.js';
import type { SnapshotStore } from '../node/snapshot-store.js';
import { SnapshotStoreError } from '../node/snapshot-store-error.js';
import { type QueueNames, queueNames } from './connection.js';

/**
 * Writes KEYS[1] (ARGV[2], kept ARGV[3] ms; with ARGV[4] 'NX' only when it is not there,
 * else 2), or with no value deletes it, only while KEYS[2], the job's lock, is ARGV[1]: the
 * store's own fenced write behind the lock's check.
 */
const WRITE_IF_OWNED = `${FENCED_SET_LUA}
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[2] == nil then redis.call('DEL', KEYS[1]) return 1 end
return fencedSet(KEYS[1], ARGV[2], ARGV[4], '', ARGV[3])
`;

/**
 * How long a flow's snapshot outlives its last save, by default: as long as BullMQ keeps a
 * failed job (`DEFAULT_JOB_OPTIONS.removeOnFail`), so a flow that stopped for attention can
 * be retried while its job is kept, and its personal data is gone with the job. A flow
 * still under way is saved at least at each wake, far more often than that.
 */
export const DEFAULT_SNAPSHOT_RETENTION_MS = 30 * 24 * 3600 * 1000;

const NOT_OWNER = 'another worker runs this flow now (this one lost its job lock)';

/** Why a worker stops a flow whose job lock it could not renew (BullMQ's `cancelJob` reason). */
export const LOCK_LOST = 'kyc-flow: the job lock was lost';

/**
 * The flow is no longer this worker's: a write of it was refused, or its run was stopped
 * because the lock could not be renewed (`signal`: the job's, from BullMQ).
 */
export const lostTheJob = (error: unknown, signal: AbortSignal | undefined): boolean =>
  (error instanceof SnapshotStoreError && error.code === 'SNAPSHOT_OWNER') ||
  (signal?.aborted === true && signal.reason === LOCK_LOST);

export interface OwnedSnapshotsOptions extends QueueNames {
  /** The snapshots' key prefix (`kycKeys(names).snapshots`). */
  readonly snapshotPrefix: string;
  readonly retentionMs?: number;
}

/**
 * The snapshot store of each job as one worker runs it (`storeOf(jobId, token)`): a save or
 * a delete lands only while the job's BullMQ lock is this worker's (`token`), in one atomic
 * step. A worker frozen past its lock (a long GC pause, SIGSTOP, a Redis failover) loses
 * the job to another worker; when it wakes, its next write is refused (`SNAPSHOT_OWNER`)
 * instead of putting an older flow over the one the new owner is running. Each save keeps
 * the snapshot for `retentionMs` from then. Loads are plain reads.
 */
export function ownedSnapshots(redis: RedisClient, options: OwnedSnapshotsOptions) {
  const { name, prefix: bullPrefix } = queueNames(options);
  const retentionMs = options.retentionMs ?? DEFAULT_SNAPSHOT_RETENTION_MS;
  const write = redisScript(redis, WRITE_IF_OWNED);
  return (jobId: string, token: string | undefined): SnapshotStore => {
    const lock = `${bullPrefix}:${name}:${jobId}:lock`;
    /** `null` for a `NX` write of a key that is there, as Redis's own `SET … NX` answers. */
    const owned = async (key: string, value?: string, condition?: 'NX') => {
      const args =
        value === undefined ? [token ?? ''] : [token ?? '', value, retentionMs, condition ?? ''];
      const written = await write([key, lock], args);
      if (written === 0) {
        throw new SnapshotStoreError('SNAPSHOT_OWNER', jobId, `Redis key ${key}`, NOT_OWNER);
      }
      return written === 2 ? null : 'OK';
    };
    const client: RedisSnapshotClient = {
      get: (key) => redis.get(key),
      set: (key, value, condition) => owned(key, value, condition),
      del: (key) => owned(key),
    };
    return createRedisSnapshotStore({ redis: client, prefix: options.snapshotPrefix });
  };
}
