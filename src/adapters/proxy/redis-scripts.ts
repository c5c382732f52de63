/**
 * The Redis store's rules, one Lua script per operation so that each runs atomically
 * however many proxy instances share the server. Layout under the prefix P:
 *   P b:<key>           hash: owner, customer (an execution's), usedAt (ms), and an
 *                       execution's OTP identities and shown callbackKeys (see
 *                       ADMIT_IDENTITY)
 *   P o:<owner>         sorted set: the owner's keys scored by last use (live ones counted)
 *   P c:<key>           hash: owner, until (ms): a customer claimed by a register on its way
 *   P r:<owner>:<min>   the owner's calls in one minute
 * Every key a script touches is one it is given in KEYS (Redis's rule for scripts, which a
 * cluster needs to route them): the store derives them, never the script.
 * Times come from the proxy's clock (ARGV), so that every store reads the same rules the
 * same way; Redis's own expiry only collects what the rules have already forgotten.
 * Shared ARGV: 1 now, 2 liveSince (now - ttl), 3 keptSince (now - retain, or -1 for
 * ever), 4 retain in ms ('' for ever), 5 the binding key.
 */
const PRELUDE = `
local now, liveSince, keptSince = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local function touch(record, key, index)
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

/**
 * KEYS: record, then (when the store expects an owner) that owner's index and, when it
 * expects a customer, that customer's record. ARGV 6 the expected owner, 7 the expected
 * customer ('' for none). Answers nil, { owner, 0 } (not live), { owner, 1 } (live, and
 * refreshed with its customer), or { owner, 2, customer } when the record's owner or
 * customer is not the one expected: nothing is touched then, and the store asks again with
 * those keys. A record's owner and customer never change while it is remembered, so the
 * second ask is the last.
 */
export const LOOKUP = `${PRELUDE}
local found = redis.call('HMGET', KEYS[1], 'owner', 'usedAt', 'customer')
local owner, customer = found[1], found[3] or ''
if not owner then return false end
local usedAt = tonumber(found[2])
if usedAt <= keptSince then
  redis.call('DEL', KEYS[1])
  return false
end
if usedAt <= liveSince then return { owner, 0 } end
if owner ~= ARGV[6] or customer ~= ARGV[7] then return { owner, 2, customer } end
touch(KEYS[1], ARGV[5], KEYS[2])
if customer ~= '' and redis.call('HGET', KEYS[3], 'owner') == owner then
  touch(KEYS[3], customer, KEYS[2])
end
return { owner, 1 }
`;

/** KEYS: the owner's index. Answers how many live bindings the owner holds. */
export const HELD = `${PRELUDE}
return held(KEYS[1])
`;

/** KEYS: record, the owner's index. ARGV 6 owner, 7 quota, 8 customer. Answers a BindOutcome. */
export const BIND = `${PRELUDE}
local owner, quota = ARGV[6], tonumber(ARGV[7])
local found = redis.call('HMGET', KEYS[1], 'owner', 'usedAt')
if found[1] and tonumber(found[2]) > keptSince then
  if found[1] ~= owner then return 'taken' end
  if tonumber(found[2]) <= liveSince then
    if string.sub(ARGV[5], 1, 10) == 'execution:' then return 'expired' end
    if held(KEYS[2]) >= quota then return 'quota' end
  end
  touch(KEYS[1], ARGV[5], KEYS[2])
  return 'bound'
end
if held(KEYS[2]) >= quota then return 'quota' end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', owner, 'customer', ARGV[8])
touch(KEYS[1], ARGV[5], KEYS[2])
return 'bound'
`;

/**
 * KEYS: record, its claim. ARGV 1 now, 3 keptSince, 6 owner, 7 the claim's lifetime in ms.
 * Answers 'claimed' (the owner's now, for that long, or already the owner's) or 'taken'
 * (bound to, or claimed by, another owner). A claim is a hash: owner, until (ms).
 */
export const CLAIM = `
local now, keptSince, owner = tonumber(ARGV[1]), tonumber(ARGV[3]), ARGV[6]
local found = redis.call('HMGET', KEYS[1], 'owner', 'usedAt')
if found[1] and tonumber(found[2]) > keptSince then
  return found[1] == owner and 'claimed' or 'taken'
end
local claim = redis.call('HMGET', KEYS[2], 'owner', 'until')
if claim[1] and claim[1] ~= owner and tonumber(claim[2]) > now then return 'taken' end
redis.call('HSET', KEYS[2], 'owner', owner, 'until', now + tonumber(ARGV[7]))
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return 'claimed'
`;

/** KEYS: a claim. ARGV 1: its owner. Drops the claim if it is still that owner's. */
export const RELEASE = `
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/** KEYS: the owner's counter for this minute. ARGV 1: its lifetime in ms. Answers the count. */
export const COUNT_CALL = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/**
 * KEYS: an execution's record. ARGV 3 keptSince, 6 the identity's digest, 7 '1' when the
 * gateway named it, 8 the limit of identities sent to, 9 how many named ones are kept.
 * Answers an IdentityOutcome. The identities are fields of the record (s:<digest> sent to,
 * n:<digest> named, with their counts), so they are forgotten with it. The named ones also
 * take turns in ARGV 9 slots (n#<i>: the digest noted there), so that a new one forgets the
 * oldest, as the memory store's list does.
 */
export const ADMIT_IDENTITY = `
local keptSince = tonumber(ARGV[3])
local usedAt = tonumber(redis.call('HGET', KEYS[1], 'usedAt'))
if not usedAt or usedAt <= keptSince then return 'unknown' end
local named, sent = 'n:' .. ARGV[6], 's:' .. ARGV[6]
local found = redis.call('HMGET', KEYS[1], named, sent, 'named', 'sent')
if found[1] or found[2] then return 'admitted' end
if ARGV[7] == '1' then
  local slot = 'n#' .. ((tonumber(found[3]) or 0) % tonumber(ARGV[9]))
  local oldest = redis.call('HGET', KEYS[1], slot)
  if oldest then redis.call('HDEL', KEYS[1], 'n:' .. oldest) end
  redis.call('HSET', KEYS[1], named, 1, slot, ARGV[6])
  redis.call('HINCRBY', KEYS[1], 'named', 1)
  return 'admitted'
end
if (tonumber(found[4]) or 0) >= tonumber(ARGV[8]) then return 'over' end
redis.call('HSET', KEYS[1], sent, 1)
redis.call('HINCRBY', KEYS[1], 'sent', 1)
return 'admitted'
`;
