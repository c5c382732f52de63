import { readSnapshot, writeSnapshot } from './snapshot-envelope.js';
import type { SnapshotStore } from './snapshot-store.js';
import { flowTaken, SnapshotStoreError } from './snapshot-store-error.js';

/**
 * The part of a Redis client the store uses: an `ioredis` `Redis` (an optional peer
 * dependency of `kyc-flow`), which reconnects and queues commands by itself.
 */
export interface RedisSnapshotClient {
  get(key: string): Promise<string | null>;
  /** With `'NX'`, writes only when the key is not there, and answers `null` when it was. */
  set(key: string, value: string, condition?: 'NX'): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisSnapshotStoreOptions {
  readonly redis: RedisSnapshotClient;
  /** Prefix of every key; default `kyc-flow:snapshot:`. One per deployment sharing a Redis. */
  readonly prefix?: string;
}

export const DEFAULT_SNAPSHOT_PREFIX = 'kyc-flow:snapshot:';

/**
 * One Redis string per flow, under `prefix + key`, shared by every process on that Redis: a
 * flow saved by one worker resumes in another. A save is one `SET` of the whole snapshot
 * (never half of one); a load checks it as the file store does before anyone restores it.
 * Saves of one flow come from one run at a time (`runHeadless` keeps one save in flight,
 * and begins a flow with `SET NX`: of two fresh runs of one key, one begins it).
 * A save that resolved survives the process; across a restart of Redis itself it survives
 * as far as Redis persists (`appendonly yes`; see the README). Snapshots hold personal data:
 * run Redis with AUTH and TLS, as you would for the customers' records.
 */
export function createRedisSnapshotStore(options: RedisSnapshotStoreOptions): SnapshotStore {
  const { redis } = options;
  const prefix = options.prefix ?? DEFAULT_SNAPSHOT_PREFIX;
  const location = (key: string) => `Redis key ${prefix}${key}`;
  // A client's own refusal (a queue worker's write after it lost the job) is passed on as is.
  const io = (key: string, detail: string) => (error: unknown) => {
    if (error instanceof SnapshotStoreError) throw error;
    throw new SnapshotStoreError('SNAPSHOT_IO', key, location(key), detail, { cause: error });
  };
  return {
    async load(key) {
      const text = await redis.get(prefix + key).catch(io(key, 'cannot be read'));
      return text === null ? undefined : readSnapshot(text, key, location(key));
    },
    async save(key, persisted, options) {
      const text = writeSnapshot(key, persisted);
      const written = await (options?.onlyNew
        ? redis.set(prefix + key, text, 'NX')
        : redis.set(prefix + key, text)
      ).catch(io(key, 'cannot be written'));
      if (written === null) throw flowTaken(key, location(key));
    },
    async delete(key) {
      await redis.del(prefix + key).catch(io(key, 'cannot be deleted'));
    },
  };
}
