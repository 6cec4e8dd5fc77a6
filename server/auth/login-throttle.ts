import {
  LOGIN_KNOWN_ADDRESS_TTL_MS,
  LOGIN_KNOWN_ADDRESSES_PER_ACCOUNT,
  LOGIN_LIMIT_PER_ACCOUNT,
  LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES,
  LOGIN_LIMIT_PER_IP,
} from "../config.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";

export type LoginLimits = {
  /** Failures on one account from one address. */
  perAccountAndAddress: { max: number; windowMs: number };
  /** Failures from one address, whatever the account. */
  perAddress: { max: number; windowMs: number };
  /** Failures on one account from every address, which addresses it signed in from lately pass. */
  perAccount: { max: number; windowMs: number };
};

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccountAndAddress: LOGIN_LIMIT_PER_ACCOUNT,
  perAddress: LOGIN_LIMIT_PER_IP,
  perAccount: LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES,
};

const MAX_ACCOUNTS_REMEMBERED = 100_000;

/** Which addresses an account signed in from lately (they pass the all-addresses limit). */
export type KnownAddresses = {
  isKnown(email: string, addr: string, now: number): boolean | Promise<boolean>;
  remember(email: string, addr: string, now: number): void | Promise<void>;
};

/**
 * Where the counts live: this process's memory by default; Redis in cluster mode
 * (server/cluster/login-limits.ts), so every process refuses the same guesses.
 */
export type LoginThrottleStore = {
  createLimiter(name: "pair" | "address" | "account", limit: { max: number; windowMs: number }): RateLimiter;
  known: KnownAddresses;
};

export function createLocalKnownAddresses(): KnownAddresses {
  /** account → address → known until (ms); a Map keeps insertion order, so the oldest go first. */
  const known = new Map<string, Map<string, number>>();
  return {
    isKnown(email, addr, now) {
      const until = known.get(email)?.get(addr);
      return until !== undefined && until > now;
    },
    remember(email, addr, now) {
      let addresses = known.get(email);
      if (!addresses) {
        if (known.size >= MAX_ACCOUNTS_REMEMBERED) known.delete(known.keys().next().value!);
        addresses = new Map();
        known.set(email, addresses);
      }
      addresses.delete(addr);
      addresses.set(addr, now + LOGIN_KNOWN_ADDRESS_TTL_MS);
      while (addresses.size > LOGIN_KNOWN_ADDRESSES_PER_ACCOUNT) addresses.delete(addresses.keys().next().value!);
    },
  };
}

const localStore = (): LoginThrottleStore => ({ createLimiter: (_name, limit) => createRateLimiter(limit), known: createLocalKnownAddresses() });

/**
 * The key of a client address for counting: an IPv6 address by its /64 (one subscriber gets a
 * whole /64, so single addresses would be a fresh budget per guess), IPv4 (also IPv4-mapped
 * IPv6) as it is.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => (g.replace(/^0+/, "") || "0")).join(":")}::/64`;
}

/**
 * Sign-in throttling (docs/decisions/004-login-rate-limits.md). Every attempt is counted before
 * the slow password check, so parallel guesses cannot all pass before the first fails; a success
 * then takes its count back (and clears the account's failures from that address), so signing in
 * never uses up anyone's budget. Failures on an account are counted per (account, address):
 * someone guessing from elsewhere locks out only themselves. The looser all-addresses limit per
 * account caps guessing spread over many addresses; addresses the account signed in from in the
 * last 30 days are exempt from it, so the owner keeps signing in from where they usually do.
 */
export function createLoginThrottle(limits: LoginLimits = DEFAULT_LOGIN_LIMITS, store: LoginThrottleStore = localStore()) {
  const pair = store.createLimiter("pair", limits.perAccountAndAddress);
  const address = store.createLimiter("address", limits.perAddress);
  const account = store.createLimiter("account", limits.perAccount);
  const { known } = store;

  return {
    /**
     * Counts an attempt on `email` from `ip`; `allowed` false means refuse it now (429) without
     * checking the password. Call `succeeded` after a right password.
     */
    async begin(email: string, ip: string, now = Date.now()): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
      const addr = addressKey(ip);
      const pairKey = `${email}\n${addr}`;
      const exempt = await known.isKnown(email, addr, now);
      const first = await address.hit(addr, now);
      let allowed = first.allowed;
      let retryAfterSeconds = first.allowed ? 0 : first.retryAfterSeconds;
      const counted: Array<{ limiter: RateLimiter; key: string }> = [];
      for (const c of [{ limiter: pair, key: pairKey }, ...(exempt ? [] : [{ limiter: account, key: email }])]) {
        // Once refused by one limit, the others are only looked at.
        const verdict = allowed ? await c.limiter.hit(c.key, now) : await c.limiter.check(c.key, now);
        if (allowed) counted.push(c);
        if (!verdict.allowed) {
          allowed = false;
          retryAfterSeconds = Math.max(retryAfterSeconds, verdict.retryAfterSeconds);
        }
      }
      // A refused attempt checks no password, so it is no guess against the account: only the
      // address keeps its count (someone hammering stays refused).
      if (!allowed) for (const c of counted) await c.limiter.release(c.key, now);
      return { allowed, retryAfterSeconds };
    },

    /** The password was right: the attempt counts against nothing, and the address is known for the account. */
    async succeeded(email: string, ip: string, now = Date.now()): Promise<void> {
      const addr = addressKey(ip);
      await address.release(addr, now);
      await pair.reset(`${email}\n${addr}`);
      if (!(await known.isKnown(email, addr, now))) await account.release(email, now);
      await known.remember(email, addr, now);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
