import { type RedisScripting, redisScript } from './redis-script.js';
import { readSavedFlow, writeSnapshot } from './snapshot-envelope.js';
import type { SnapshotStore } from './snapshot-store.js';
import { flowMoved, flowTaken, SnapshotStoreError } from './snapshot-store-error.js';

/**
 * The part of a Redis client the store uses: an `ioredis` `Redis` (an optional peer
 * dependency of `kyc-flow`), which reconnects and queues commands by itself.
 */
export interface RedisSnapshotClient extends Partial<RedisScripting> {
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
 * `fencedSet(key, value, condition, basedOn, px)`: writes the snapshot `value` at `key` (kept
 * `px` ms when given) and answers 1; with `condition` 'NX' only when `key` is not there,
 * else 2; with 'REV' only while the snapshot there is revision `basedOn` ('' for one saved
 * without any), else 3. Shared by every script that writes snapshots (the queue's own adds
 * its job-lock check in front).
 */
export const FENCED_SET_LUA = `
local function fencedSet(key, value, condition, basedOn, px)
  if condition == 'NX' and redis.call('EXISTS', key) == 1 then return 2 end
  if condition == 'REV' then
    local current = redis.call('GET', key)
    if not current then return 3 end
    local ok, saved = pcall(cjson.decode, current)
    local revision = ''
    if ok and type(saved) == 'table' and type(saved.revision) == 'string' then
      revision = saved.revision
    end
    if revision ~= basedOn then return 3 end
  end
  if px and px ~= '' then
    redis.call('SET', key, value, 'PX', px)
  else
    redis.call('SET', key, value)
  end
  return 1
end
`;

const SET_SNAPSHOT = `${FENCED_SET_LUA}
return fencedSet(KEYS[1], ARGV[1], ARGV[2], ARGV[3], '')
`;

/**
 * One Redis string per flow, under `prefix + key`, shared by every process on that Redis: a
 * flow saved by one worker resumes in another. A save is one `SET` of the whole snapshot
 * (never half of one); a load checks it as the file store does before anyone restores it.
 * Saves of one flow come from one run at a time (`runHeadless` keeps one save in flight,
 * begins a flow with `SET NX`: of two fresh runs of one key, one begins it; and, with a
 * client that runs Lua scripts as an ioredis `Redis` does, claims a flow it resumes with a
 * save fenced by revision, one script: of two runs resuming it at once, one goes on).
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
  const scripting = scriptingOf(redis);
  const setFenced = scripting && redisScript(scripting, SET_SNAPSHOT);
  const store: SnapshotStore = {
    async load(key) {
      const text = await redis.get(prefix + key).catch(io(key, 'cannot be read'));
      return text === null ? undefined : readSavedFlow(text, key, location(key)).persisted;
    },
    async save(key, persisted, options) {
      const text = writeSnapshot(key, persisted, options?.revision);
      if (options?.basedOn !== undefined && !options.onlyNew && setFenced) {
        const written = await setFenced([prefix + key], [text, 'REV', options.basedOn]).catch(
          io(key, 'cannot be written'),
        );
        if (written !== 1) throw flowMoved(key, location(key));
        return;
      }
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
  if (!setFenced) return store;
  return {
    ...store,
    async loadRevision(key) {
      const text = await redis.get(prefix + key).catch(io(key, 'cannot be read'));
      return text === null ? undefined : readSavedFlow(text, key, location(key));
    },
  };
}

/** The client's Lua scripting, when it has all of it (a client of your own may not). */
function scriptingOf(redis: RedisSnapshotClient): RedisScripting | undefined {
  const { script, evalsha, eval: evaluate } = redis;
  if (!script || !evalsha || !evaluate) return undefined;
  return {
    script: (...args) => script.apply(redis, args),
    evalsha: (...args) => evalsha.apply(redis, args),
    eval: (...args) => evaluate.apply(redis, args),
  };
}
