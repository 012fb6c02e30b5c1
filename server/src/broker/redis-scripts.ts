/**
 * Lua scripts for what must be atomic on Redis: check-the-token-then-act for locks, and the
 * read-prune-count-add of a sliding rate-limit window.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isReplyError } from './redis-connection.js';

export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, loading the script with EVAL when the server does not know it (first use, restart). */
  async run(connection: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await connection.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isReplyError(error, 'NOSCRIPT')) throw error;
      return connection.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** KEYS[1] lock key, ARGV[1] token → 1 when released by its holder. */
export const releaseLockScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/** KEYS[1] lock key, ARGV[1] token, ARGV[2] ttl ms → 1 when extended by its holder. */
export const extendLockScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

/**
 * KEYS[1] window (sorted set of hit times), ARGV[1] limit, ARGV[2] window ms, ARGV[3] a unique
 * member for this hit → { allowed 0|1, remaining, retryAfterMs }.
 * Time comes from the Redis server so that every hub counts against the same clock. A refused
 * hit is not recorded, so a caller that keeps retrying is not locked out longer.
 */
export const rateLimitScript = new LuaScript(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return { 1, limit - count - 1, 0 }
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #oldest == 0 then
  return { 0, 0, window }
end
return { 0, 0, math.max(1, math.ceil(tonumber(oldest[2]) + window - now)) }
`);

/**
 * KEYS[1] stream, ARGV[1] an entry id → how many entries come after it. Only for backlog when
 * XINFO GROUPS cannot tell the lag (after XDEL, or on Redis before 7); pages so a long stream
 * is never loaded whole.
 */
export const countEntriesAfterScript = new LuaScript(`
local count = 0
local start = '(' .. ARGV[1]
while true do
  local page = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', 1000)
  count = count + #page
  if #page < 1000 then
    return count
  end
  start = '(' .. page[#page][1]
end
`);
