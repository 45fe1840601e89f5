/**
 * Lua scripts for the parts that must be atomic on Redis (Keyv has no set-if-absent or compare-and-set).
 * Every key a script touches is passed in KEYS.
 */
import { createHash } from 'node:crypto';
import type { createClient } from '@keyv/redis';

export type RedisClient = ReturnType<typeof createClient>;

/** KEYS: seq, entries, channels, then (done, queue) per entry. ARGV: (key, json, channel) per entry. */
export const ENQUEUE = `
local n = (#KEYS - 3) / 2
local added = 0
for i = 1, n do
  local done, queue = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
  local key, json, channel = ARGV[3 * i - 2], ARGV[3 * i - 1], ARGV[3 * i]
  if redis.call('EXISTS', done) == 0 and redis.call('HSETNX', KEYS[2], key, json) == 1 then
    redis.call('ZADD', queue, 'NX', redis.call('INCR', KEYS[1]), key)
    redis.call('SADD', KEYS[3], channel)
    added = added + 1
  end
end
return added`;

/** KEYS: entries, claim. ARGV: key, owner, ttlMs. Only a queued entry can be claimed. */
export const CLAIM = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
if redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return 1
end
return 0`;

/** KEYS: entries, then a claim per key. ARGV: owner, ttlMs, then the keys. Leading keys claimed, as CLAIM each. */
export const CLAIM_MANY = `
local n = 0
for i = 1, #ARGV - 2 do
  local claim = KEYS[1 + i]
  if redis.call('HEXISTS', KEYS[1], ARGV[2 + i]) == 0 then return n end
  if not redis.call('SET', claim, ARGV[1], 'NX', 'PX', ARGV[2]) then
    if redis.call('GET', claim) ~= ARGV[1] then return n end
    redis.call('PEXPIRE', claim, ARGV[2])
  end
  n = n + 1
end
return n`;

/** KEYS: claims. ARGV: owner. Deletes those the owner holds. */
export const RELEASE_MANY = `
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1`;

/**
 * KEYS: entries, retry, queue, channels, done, claim, seen. ARGV: key, channel, record, doneTtlMs, seen value.
 * The seen mark is the Keyv value of the seen store, with the same TTL.
 */
export const COMPLETE = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('ZCARD', KEYS[3]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
redis.call('SET', KEYS[5], ARGV[3], 'PX', ARGV[4])
redis.call('DEL', KEYS[6])
redis.call('SET', KEYS[7], ARGV[5], 'PX', ARGV[4])
return 1`;

/** KEYS: entries, retry, claim. ARGV: key, nextAttemptAt, error. Attempts count from the stored value. */
export const RETRY = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local cur = redis.call('HGET', KEYS[2], ARGV[1])
local attempts = cjson.decode(cur or raw).attempts or 0
redis.call('HSET', KEYS[2], ARGV[1],
  cjson.encode({ attempts = attempts + 1, nextAttemptAt = tonumber(ARGV[2]), lastError = ARGV[3] }))
redis.call('DEL', KEYS[3])
return 1`;

/** KEYS: lease. ARGV: owner, ttlMs. Compare-and-set: only the holder extends. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** KEYS: lease. ARGV: owner. Only the holder deletes. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const shas = new Map<string, string>();

/** EVALSHA, falling back to EVAL when the server lost its script cache (restart, SCRIPT FLUSH). */
export async function runScript(client: RedisClient, script: string, keys: string[], args: string[]): Promise<number> {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return (await client.evalSha(sha, { keys, arguments: args })) as number;
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return (await client.eval(script, { keys, arguments: args })) as number;
  }
}
