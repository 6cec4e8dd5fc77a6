import type { Redis } from "ioredis";
import type { ConnectionCounter } from "../collab/limits.ts";
import type { CollabLimits } from "../collab/limits.ts";
import type { Logger } from "../logger.ts";

/**
 * Socket caps shared by every process (ADR 026). Each process counts its own sockets in a hash
 * of its own (`d:<documentId>`, `u:<userId>`) and is listed in a sorted set of live processes
 * by its last heartbeat. A check sums the hashes of the live processes only, so the sockets of a
 * process that died stop counting once its heartbeat is older than the TTL (its hash expires too).
 * The script reads keys it is not given (the other processes' hashes): fine on one Redis, not on
 * Redis Cluster.
 */
export const PROCESSES_KEY = "precedent:processes";
export const SOCKETS_KEY_PREFIX = "precedent:sockets:";
/** A process unheard of for this long is taken for dead; its heartbeat comes every third of it. */
export const PROCESS_TTL_MS = 15_000;

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: processes zset, our hash. ARGV: process id, ttl, doc field, user field, max per doc, max per user, hash prefix.
const ACQUIRE = `
${NOW_MS}
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
local docs, users = 0, 0
for _, p in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local h = ARGV[7] .. p
  docs = docs + tonumber(redis.call('HGET', h, ARGV[3]) or '0')
  users = users + tonumber(redis.call('HGET', h, ARGV[4]) or '0')
end
if docs >= tonumber(ARGV[5]) or users >= tonumber(ARGV[6]) then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`;

// KEYS: our hash. ARGV: doc field, user field.
const RELEASE = `
for i = 1, 2 do
  if redis.call('HINCRBY', KEYS[1], ARGV[i], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 1`;

// KEYS: processes zset, our hash. ARGV: process id, ttl.
const HEARTBEAT = `
${NOW_MS}
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

export function createSharedConnectionCounter({
  redis,
  processId,
  logger,
  limits,
  ttlMs = PROCESS_TTL_MS,
}: {
  redis: Redis;
  processId: string;
  logger: Logger;
  limits: Pick<CollabLimits, "maxConnectionsPerDocument" | "maxConnectionsPerUser">;
  ttlMs?: number;
}): ConnectionCounter & { heartbeat(): Promise<void> } {
  const ours = `${SOCKETS_KEY_PREFIX}${processId}`;
  return {
    async acquire(userId, documentId) {
      const args = [processId, String(ttlMs), `d:${documentId}`, `u:${userId}`, String(limits.maxConnectionsPerDocument), String(limits.maxConnectionsPerUser), SOCKETS_KEY_PREFIX];
      return Number(await redis.eval(ACQUIRE, 2, PROCESSES_KEY, ours, ...args)) === 1;
    },
    release(userId, documentId) {
      // A failed release is made good by the TTL when this process goes; while it lives the count stays one too high.
      redis.eval(RELEASE, 1, ours, `d:${documentId}`, `u:${userId}`).catch((error: unknown) => {
        logger.error("cluster: releasing a socket count failed", { documentId, error: String(error) });
      });
    },
    async heartbeat() {
      await redis.eval(HEARTBEAT, 2, PROCESSES_KEY, ours, processId, String(ttlMs));
    },
  };
}
