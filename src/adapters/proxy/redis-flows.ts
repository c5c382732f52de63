import { redisScript } from '../node/redis-script.js';
import type { FlowsStore, FlowsWrite } from './flows-types.js';
import type { RedisScriptClient } from './redis-bindings.js';

/**
 * KEYS: the key. ARGV: 1 value, 2 keepMs, 3 '1' when the write is conditional, 4 the
 * expected value ('' for none). Answers a FlowsWrite.
 */
const WRITE = `
if ARGV[3] == '1' then
  local current = redis.call('GET', KEYS[1])
  if ARGV[4] == '' then
    if current then return 'changed' end
  elseif current ~= ARGV[4] then
    return 'changed'
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 'written'
`;

/** KEYS: the key. Answers what it held (nil if nothing), and removes it. */
const TAKE = `
local current = redis.call('GET', KEYS[1])
if current then redis.call('DEL', KEYS[1]) end
return current
`;

const WRITES: ReadonlySet<string> = new Set<FlowsWrite>(['written', 'changed']);

export interface RedisFlowsOptions {
  /** Prefix of every key; default `kyc-flow:flows:`. One per proxy deployment sharing a Redis. */
  readonly prefix?: string;
}

/** The part of an `ioredis` client that reads a key. */
export interface RedisFlowsClient extends RedisScriptClient {
  get(key: string): Promise<string | null>;
}

/**
 * Flows in Redis, shared by every proxy instance and surviving their restarts. Each
 * conditional write and each take is one Lua script, so two instances racing for the same
 * entry cannot both win. Redis collects entries past their keeping; run it with
 * `maxmemory-policy noeviction` (an evicted flow is a lost one). Redis errors are thrown:
 * the proxy then refuses the call.
 */
export const createRedisFlows = (
  client: RedisFlowsClient,
  options: RedisFlowsOptions = {},
): FlowsStore => {
  const prefix = options.prefix ?? 'kyc-flow:flows:';
  const write = redisScript(client, WRITE);
  const take = redisScript(client, TAKE);
  return {
    read: async (key) => (await client.get(prefix + key)) ?? undefined,
    write: async (key, value, keepMs, expected) => {
      const conditional = expected === undefined ? '0' : '1';
      const args = [value, Math.max(1, Math.ceil(keepMs)), conditional, expected ?? ''];
      const outcome = String(await write([prefix + key], args));
      if (!WRITES.has(outcome)) throw new Error(`redis flows: unexpected answer ${outcome}`);
      return outcome as FlowsWrite;
    },
    take: async (key) => {
      const held = await take([prefix + key], []);
      return typeof held === 'string' ? held : undefined;
    },
  };
};
