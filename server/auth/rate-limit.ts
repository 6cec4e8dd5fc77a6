export type RateVerdict = { allowed: boolean; retryAfterSeconds: number };

/**
 * A fixed-window counter: in this process's memory (below), or in Redis shared by every process
 * in cluster mode (server/cluster/rate-limit.ts, ADR 026), hence the Promises.
 */
export type RateLimiter = {
  hit(key: string, now?: number): RateVerdict | Promise<RateVerdict>;
  check(key: string, now?: number): RateVerdict | Promise<RateVerdict>;
  release(key: string, now?: number): void | Promise<void>;
  reset(key: string): void | Promise<void>;
};

/** A fixed-window counter in memory (docs/decisions/004-login-rate-limits.md). */
export type LocalRateLimiter = {
  /** Counts one attempt for `key`; `allowed` is false once `max` attempts fell in the window. */
  hit(key: string, now?: number): { allowed: boolean; retryAfterSeconds: number };
  /** Whether `key` is currently blocked, without counting an attempt. */
  check(key: string, now?: number): { allowed: boolean; retryAfterSeconds: number };
  /** Takes back one counted attempt (an attempt that turned out not to count, such as a success). */
  release(key: string, now?: number): void;
  reset(key: string): void;
};

const MAX_KEYS = 100_000;

export function createRateLimiter({ max, windowMs }: { max: number; windowMs: number }): LocalRateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();

  function current(key: string, now: number) {
    const w = windows.get(key);
    if (w && w.resetAt > now) return w;
    if (w) windows.delete(key);
    return undefined;
  }

  function sweep(now: number) {
    if (windows.size < MAX_KEYS) return;
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
  }

  const verdict = (w: { count: number; resetAt: number } | undefined, now: number) => ({
    allowed: !w || w.count <= max,
    retryAfterSeconds: w ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0,
  });

  return {
    hit(key, now = Date.now()) {
      sweep(now);
      const w = current(key, now) ?? { count: 0, resetAt: now + windowMs };
      w.count += 1;
      windows.set(key, w);
      return verdict(w, now);
    },
    check(key, now = Date.now()) {
      const w = current(key, now);
      return { allowed: !w || w.count < max, retryAfterSeconds: verdict(w, now).retryAfterSeconds };
    },
    release(key, now = Date.now()) {
      const w = current(key, now);
      if (!w) return;
      w.count -= 1;
      if (w.count <= 0) windows.delete(key);
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
