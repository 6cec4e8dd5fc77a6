import type { Redis } from "ioredis";

/**
 * Which process derives a document (ADR 026): the holder of a Redis lease (`SET NX PX`, renewed
 * by each derivation, released when its room unloads). The holder derives from the *stored*
 * state, so derived content reflects every stored update, also one whose bus message was lost.
 * Another process keeps its change pending and asks again when the lease runs out: a holder
 * that died stops renewing, and the next one takes over.
 */
export type DerivationClaim = { owned: true } | { owned: false; retryInMs: number };

export type DerivationOwnership = {
  claim(documentId: string): Promise<DerivationClaim>;
  release(documentId: string): Promise<void>;
};

/** Longer than one derivation takes (load the log, derive, save): the lease never lapses mid-derivation. */
export const DERIVATION_LEASE_MS = 15_000;

const leaseKey = (documentId: string) => `precedent:derive:${documentId}`;

// -1: ours (taken or renewed); otherwise the ms left on another process's lease.
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return -1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return -1 end
return redis.call('PTTL', KEYS[1])`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createDerivationLease({ redis, processId, leaseMs = DERIVATION_LEASE_MS }: { redis: Redis; processId: string; leaseMs?: number }): DerivationOwnership {
  return {
    async claim(documentId) {
      const left = Number(await redis.eval(CLAIM, 1, leaseKey(documentId), processId, String(leaseMs)));
      return left === -1 ? { owned: true } : { owned: false, retryInMs: Math.max(50, left + 50) };
    },
    async release(documentId) {
      await redis.eval(RELEASE, 1, leaseKey(documentId), processId);
    },
  };
}
