import type { Redis as RedisClient } from 'ioredis';
import { redisScript } from '../node/redis-script.js';
import type { KycKeys } from './connection.js';
import { isOutcomeName, type OutcomeName } from './outcome.js';

/**
 * Records a job's outcome and keeps the count per outcome exact: a job recorded twice (a
 * worker killed after recording, the job run again) counts once, and a job whose outcome
 * changes (a failed job retried to an outcome) moves from one count to the other.
 */
const RECORD = `
local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if old == ARGV[1] then return 0 end
if old then redis.call('HINCRBY', KEYS[2], old, -1) end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return 1
`;

/** How long a job's own outcome is kept for `outcomeOf` (the counts are kept for ever). */
export const OUTCOME_RETENTION_SECONDS = 30 * 24 * 3600;

export interface OutcomeTally {
  record(jobId: string, outcome: OutcomeName): Promise<void>;
  /** The outcome a job reached, while it is remembered. */
  outcomeOf(jobId: string): Promise<OutcomeName | undefined>;
  /** Flows per outcome, since the queue began. */
  counts(): Promise<Partial<Record<OutcomeName, number>>>;
}

export function createOutcomeTally(redis: RedisClient, keys: KycKeys): OutcomeTally {
  const record = redisScript(redis, RECORD);
  return {
    async record(jobId, outcome) {
      await record([keys.outcomeOf(jobId), keys.outcomes], [outcome, OUTCOME_RETENTION_SECONDS]);
    },
    async outcomeOf(jobId) {
      const name = await redis.get(keys.outcomeOf(jobId));
      return name !== null && isOutcomeName(name) ? name : undefined;
    },
    async counts() {
      const counts: Partial<Record<OutcomeName, number>> = {};
      for (const [name, text] of Object.entries(await redis.hgetall(keys.outcomes))) {
        const count = Number(text);
        if (isOutcomeName(name) && count > 0) counts[name] = count;
      }
      return counts;
    },
  };
}
