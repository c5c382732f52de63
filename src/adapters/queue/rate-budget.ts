import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis as RedisClient } from 'ioredis';
import type { KycKeys } from './connection.js';
import { redisScript } from './redis-script.js';

/**
 * One call from the budget: 0 when it may go now, else how long to wait (ms). A fixed
 * one-second window counted in Redis, on Redis's clock, so every worker on every machine
 * spends the same budget; a pause (the gateway said "too many") holds every call until it ends.
 */
const TAKE = `
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tostring(math.floor(now / 1000))
local calls = 1
if redis.call('HGET', KEYS[1], 'window') == window then
  calls = redis.call('HINCRBY', KEYS[1], 'calls', 1)
else
  redis.call('HSET', KEYS[1], 'window', window, 'calls', 1)
  redis.call('PEXPIRE', KEYS[1], 2000)
end
if calls <= tonumber(ARGV[1]) then return 0 end
return (tonumber(window) + 1) * 1000 - now
`;

/** Holds every call for `ms`, unless a longer pause is on already. */
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
`;

export interface RateBudget {
  /** Resolves once a call may go out (rejects when `signal` aborts first). */
  take(signal?: AbortSignal): Promise<void>;
  /** Holds every worker's calls for `ms`. */
  pause(ms: number): Promise<void>;
}

/** The gateway calls per second every worker on this queue shares. */
export function createRateBudget(
  redis: RedisClient,
  keys: KycKeys,
  callsPerSecond: number,
): RateBudget {
  const take = redisScript(redis, TAKE);
  const pause = redisScript(redis, PAUSE);
  return {
    async take(signal) {
      for (;;) {
        const waitMs = Number(await take([keys.budget, keys.budgetPause], [callsPerSecond]));
        if (!(waitMs > 0)) return;
        // Spread the calls that waited over the next window's first part, not all at its start.
        await sleep(waitMs + Math.random() * 100, undefined, { signal });
      }
    },
    async pause(ms) {
      await pause([keys.budgetPause], [Math.max(1, Math.round(ms))]);
    },
  };
}
