/**
 * The Redis store's rules, one Lua script per operation so that each runs atomically
 * however many proxy instances share the server. Layout under the prefix P:
 *   P b:<key>           hash: owner, customer (an execution's), usedAt (ms)
 *   P o:<owner>         sorted set: the owner's keys scored by last use (live ones counted)
 *   P r:<owner>:<min>   the owner's calls in one minute
 * Times come from the proxy's clock (ARGV), so that every store reads the same rules the
 * same way; Redis's own expiry only collects what the rules have already forgotten.
 * Shared ARGV: 1 now, 2 liveSince (now - ttl), 3 keptSince (now - retain, or -1 for
 * ever), 4 retain in ms ('' for ever), 5 the prefix, 6 the binding key.
 */
const PRELUDE = `
local now, liveSince, keptSince = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local function touch(record, key, owner)
  local index = ARGV[5] .. 'o:' .. owner
  redis.call('HSET', record, 'usedAt', ARGV[1])
  redis.call('ZADD', index, ARGV[1], key)
  if ARGV[4] ~= '' then
    redis.call('PEXPIRE', record, ARGV[4])
    redis.call('PEXPIRE', index, ARGV[4])
  end
end
local function held(index)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', ARGV[3])
  return redis.call('ZCOUNT', index, '(' .. ARGV[2], '+inf')
end
`;

/** KEYS: record. Answers nil, or { owner, 1 if live else 0 }; a live one is refreshed. */
export const LOOKUP = `${PRELUDE}
local found = redis.call('HMGET', KEYS[1], 'owner', 'usedAt', 'customer')
local owner, customer = found[1], found[3]
if not owner then return false end
local usedAt = tonumber(found[2])
if usedAt <= keptSince then
  redis.call('DEL', KEYS[1])
  return false
end
if usedAt <= liveSince then return { owner, 0 } end
touch(KEYS[1], ARGV[6], owner)
if customer and customer ~= '' then
  local record = ARGV[5] .. 'b:' .. customer
  if redis.call('HGET', record, 'owner') == owner then touch(record, customer, owner) end
end
return { owner, 1 }
`;

/** KEYS: the owner's index. Answers how many live bindings the owner holds. */
export const HELD = `${PRELUDE}
return held(KEYS[1])
`;

/** KEYS: record, the owner's index. ARGV 7 owner, 8 quota, 9 customer. Answers a BindOutcome. */
export const BIND = `${PRELUDE}
local owner, quota = ARGV[7], tonumber(ARGV[8])
local found = redis.call('HMGET', KEYS[1], 'owner', 'usedAt')
if found[1] and tonumber(found[2]) > keptSince then
  if found[1] ~= owner then return 'taken' end
  if tonumber(found[2]) <= liveSince then
    if string.sub(ARGV[6], 1, 10) == 'execution:' then return 'expired' end
    if held(KEYS[2]) >= quota then return 'quota' end
  end
  touch(KEYS[1], ARGV[6], owner)
  return 'bound'
end
if held(KEYS[2]) >= quota then return 'quota' end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', owner, 'customer', ARGV[9])
touch(KEYS[1], ARGV[6], owner)
return 'bound'
`;

/** KEYS: the owner's counter for this minute. ARGV 1: its lifetime in ms. Answers the count. */
export const COUNT_CALL = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;
