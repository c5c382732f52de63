import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis as RedisClient } from 'ioredis';
import { untilAborted } from '../../services/attempt-fetch.js';
import { redisScript } from '../node/redis-script.js';
import type { KycKeys } from './connection.js';
import { watchPauses } from './pause-watch.js';

/**
 * One call from the budget: 0 when it may go now, else how long to wait (ms). A pause (the
 * gateway said "too many") holds every call until it ends, budget or not (`ARGV[1]` 0: no
 * budget). The budget is a sliding second, on Redis's clock, so every worker on every machine
 * spends the same one: the calls sent within the last 1000 ms are kept (a sorted set scored
 * by when each went), and a call goes only while fewer than the budget are. No second of any
 * kind (not only a clock's whole second) then holds more calls than the budget.
 */
const TAKE = `
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local limit = tonumber(ARGV[1])
if limit <= 0 then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + 1000 - now)
`;

/**
 * Holds every call for `ms`, unless a longer pause is on already: 1 when it set it (and told
 * every worker on the channel `ARGV[2]`), else 0.
 */
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
  redis.call('PUBLISH', ARGV[2], ARGV[1])
  return 1
end
return 0
`;

export interface RateBudget {
  /**
   * Resolves once a call may go out: no pause on, and (with a budget) a call left in the
   * last second. Rejects when `signal` aborts first.
   */
  take(signal?: AbortSignal): Promise<void>;
  /** Holds every worker's calls for `ms`: `true` when that made the pause longer. */
  pause(ms: number): Promise<boolean>;
  /** Lets go of its Redis subscription (the worker is closing). */
  close(): void;
}

/**
 * The gateway calls every worker on this queue shares: at most `callsPerSecond` within any
 * second (no limit when absent), and every call held while the gateway's "too many" lasts.
 * With no limit, a call asks Redis nothing while this worker hears the pauses published
 * (`watchPauses`: one subscriber connection per worker, opened at its first call).
 */
export function createRateBudget(
  redis: RedisClient,
  keys: KycKeys,
  callsPerSecond?: number,
): RateBudget {
  const take = redisScript(redis, TAKE);
  const pause = redisScript(redis, PAUSE);
  // The sent calls' log: its own key (the fixed window's hash lived at `keys.budget`).
  const log = `${keys.budget}:sent`;
  const limit = callsPerSecond ?? 0;
  const self = randomUUID();
  const channel = `${keys.budgetPause}:told`;
  const pauses = limit > 0 ? undefined : watchPauses(redis, keys.budgetPause, channel);
  let sent = 0;
  return {
    async take(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const heldForMs = pauses?.heldForMs();
        if (heldForMs === 0) return;
        if (heldForMs !== undefined) {
          await sleep(heldForMs + Math.random() * 20, undefined, { signal });
          continue;
        }
        sent += 1;
        // Redis away: the call waits for it (as the flow's saves do), unless its signal ends first.
        const asked = take([log, keys.budgetPause], [limit, `${self}:${sent}`]);
        const waitMs = Number(await (signal ? untilAborted(asked, signal) : asked));
        if (!(waitMs > 0)) return;
        // Calls that waited for the same slot do not all ask again in the same millisecond.
        await sleep(waitMs + Math.random() * 20, undefined, { signal });
      }
    },
    async pause(ms) {
      const held = Math.max(1, Math.round(ms));
      const longer = Number(await pause([keys.budgetPause], [held, channel])) === 1;
      if (longer) pauses?.heard(held);
      return longer;
    },
    close: () => pauses?.close(),
  };
}
