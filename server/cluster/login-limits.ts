import type { Redis } from "ioredis";
import { LOGIN_KNOWN_ADDRESS_TTL_MS, LOGIN_KNOWN_ADDRESSES_PER_ACCOUNT } from "../config.ts";
import type { LoginThrottleStore } from "../auth/login-throttle.ts";
import type { RateLimiter, RateVerdict } from "../auth/rate-limit.ts";

/**
 * Sign-in limits shared by every process (ADR 026, ADR 004): the same fixed windows as in
 * memory, as Redis counters that expire with their window (INCR, and PEXPIRE on the first hit,
 * in one script), so a guess counts wherever the load balancer sent it. The window runs on
 * Redis's clock; `now` is used only for the known addresses' expiry, as in memory.
 */
const PREFIX = "precedent:login:";

// KEYS: counter. ARGV: window ms. Returns { count, ms left }.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }`;

// Takes back one count; the key goes at zero.
const RELEASE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 1`;

// KEYS: the account's known addresses (zset: address → known until). ARGV: address, until, keep, ttl.
const REMEMBER = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[3]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

function createRedisRateLimiter(redis: Redis, name: string, { max, windowMs }: { max: number; windowMs: number }): RateLimiter {
  const key = (k: string) => `${PREFIX}${name}:${k}`;
  const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    async hit(k): Promise<RateVerdict> {
      const [count, left] = (await redis.eval(HIT, 1, key(k), String(windowMs))) as [number, number];
      return { allowed: count <= max, retryAfterSeconds: retryAfter(left) };
    },
    async check(k): Promise<RateVerdict> {
      const [count, left] = await Promise.all([redis.get(key(k)), redis.pttl(key(k))]);
      const n = Number(count ?? 0);
      return { allowed: n < max, retryAfterSeconds: n > 0 ? retryAfter(left) : 0 };
    },
    async release(k) {
      await redis.eval(RELEASE, 1, key(k));
    },
    async reset(k) {
      await redis.del(key(k));
    },
  };
}

export function createRedisLoginStore(redis: Redis): LoginThrottleStore {
  const knownKey = (email: string) => `${PREFIX}known:${email}`;
  return {
    createLimiter: (name, limit) => createRedisRateLimiter(redis, name, limit),
    known: {
      async isKnown(email, addr, now) {
        const until = await redis.zscore(knownKey(email), addr);
        return until !== null && Number(until) > now;
      },
      async remember(email, addr, now) {
        const args = [addr, String(now + LOGIN_KNOWN_ADDRESS_TTL_MS), String(LOGIN_KNOWN_ADDRESSES_PER_ACCOUNT), String(LOGIN_KNOWN_ADDRESS_TTL_MS)];
        await redis.eval(REMEMBER, 1, knownKey(email), ...args);
      },
    },
  };
}
