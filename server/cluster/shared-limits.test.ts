import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startRedis, type RedisServer } from "../../test/helpers/redis.ts";
import { createLoginThrottle } from "../auth/login-throttle.ts";
import { createDerivationLease } from "./derivation-lease.ts";
import { createRedisLoginStore } from "./login-limits.ts";
import { createSharedConnectionCounter } from "./socket-counts.ts";
import { createLogger } from "../logger.ts";

// Two "processes" are two sets of parts on their own connections to one real redis-server.
let server: RedisServer;
const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
};
const logger = createLogger("silent");

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
  await server?.stop();
});
beforeEach(async () => {
  await connect().flushall();
});

const limits = { perAccountAndAddress: { max: 2, windowMs: 60_000 }, perAddress: { max: 4, windowMs: 60_000 }, perAccount: { max: 3, windowMs: 60_000 } };

describe("login limits in cluster mode", () => {
  test("a guess counts on every process: two wrong guesses through one, the third through the other is refused", async () => {
    const a = createLoginThrottle(limits, createRedisLoginStore(connect()));
    const b = createLoginThrottle(limits, createRedisLoginStore(connect()));
    expect((await a.begin("a@x", "192.0.2.1")).allowed).toBe(true);
    expect((await a.begin("a@x", "192.0.2.1")).allowed).toBe(true);
    const refused = await b.begin("a@x", "192.0.2.1");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Refused attempts count only against the address: the account took two guesses, so one more from elsewhere passes.
    expect((await a.begin("a@x", "192.0.2.2")).allowed).toBe(true);
    expect((await b.begin("a@x", "192.0.2.3")).allowed).toBe(false);
  });

  test("a success on one process gives the attempt back and makes the address known on the other", async () => {
    const a = createLoginThrottle(limits, createRedisLoginStore(connect()));
    const b = createLoginThrottle(limits, createRedisLoginStore(connect()));
    for (let i = 0; i < 10; i++) {
      expect((await a.begin("a@x", "192.0.2.1")).allowed).toBe(true);
      await a.succeeded("a@x", "192.0.2.1");
    }
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) await a.begin("a@x", ip);
    expect((await b.begin("a@x", "198.51.100.4")).allowed).toBe(false);
    // The owner's usual address passes the account-wide limit on the other process too.
    expect((await b.begin("a@x", "192.0.2.1")).allowed).toBe(true);
  });

  test("a window ends: the counts expire in Redis", async () => {
    const short = { perAccountAndAddress: { max: 1, windowMs: 300 }, perAddress: { max: 10, windowMs: 300 }, perAccount: { max: 10, windowMs: 300 } };
    const a = createLoginThrottle(short, createRedisLoginStore(connect()));
    expect((await a.begin("a@x", "192.0.2.1")).allowed).toBe(true);
    expect((await a.begin("a@x", "192.0.2.1")).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await a.begin("a@x", "192.0.2.1")).allowed).toBe(true);
  });
});

describe("socket caps in cluster mode", () => {
  const caps = { maxConnectionsPerDocument: 2, maxConnectionsPerUser: 3 };

  test("count sockets per document and per user over every process", async () => {
    const a = createSharedConnectionCounter({ redis: connect(), processId: "a", logger, limits: caps });
    const b = createSharedConnectionCounter({ redis: connect(), processId: "b", logger, limits: caps });
    expect(await a.acquire("u1", "d1")).toBe(true);
    expect(await b.acquire("u2", "d1")).toBe(true);
    expect(await a.acquire("u3", "d1")).toBe(false); // the document is full, across both
    expect(await b.acquire("u1", "d2")).toBe(true);
    expect(await a.acquire("u1", "d3")).toBe(true);
    expect(await b.acquire("u1", "d4")).toBe(false); // u1 has three sockets over both processes
    b.release("u2", "d1");
    await waitUntil(async () => a.acquire("u3", "d1"));
  });

  test("many sockets at once never pass the cap", async () => {
    const counters = ["a", "b", "c"].map((id) => createSharedConnectionCounter({ redis: connect(), processId: id, logger, limits: { maxConnectionsPerDocument: 5, maxConnectionsPerUser: 100 } }));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => counters[i % 3]!.acquire(`u${i}`, "d1")));
    expect(results.filter(Boolean)).toHaveLength(5);
  });

  test("a process that died stops counting once its heartbeat is older than the TTL; a live one keeps counting", async () => {
    const dead = createSharedConnectionCounter({ redis: connect(), processId: "dead", logger, limits: caps, ttlMs: 400 });
    const live = createSharedConnectionCounter({ redis: connect(), processId: "live", logger, limits: caps, ttlMs: 400 });
    expect(await dead.acquire("u1", "d1")).toBe(true);
    expect(await live.acquire("u2", "d1")).toBe(true);
    expect(await live.acquire("u3", "d1")).toBe(false);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await live.heartbeat();
    }
    // `dead` sent no heartbeat for 600 ms: its socket no longer counts; `live`'s still does.
    expect(await live.acquire("u3", "d1")).toBe(true);
    expect(await live.acquire("u4", "d1")).toBe(false);
  });
});

describe("derivation lease", () => {
  test("one process at a time; the other is told when to ask again, and takes over after a release or when the lease runs out", async () => {
    const a = createDerivationLease({ redis: connect(), processId: "a", leaseMs: 400 });
    const b = createDerivationLease({ redis: connect(), processId: "b", leaseMs: 400 });
    expect(await a.claim("d1")).toEqual({ owned: true });
    expect(await a.claim("d1")).toEqual({ owned: true }); // renewed
    const refused = await b.claim("d1");
    expect(refused.owned).toBe(false);
    if (!refused.owned) expect(refused.retryInMs).toBeLessThanOrEqual(450 + 50);
    expect(await b.claim("d2")).toEqual({ owned: true }); // per document
    await b.release("d1"); // not b's: a keeps it
    expect((await b.claim("d1")).owned).toBe(false);
    await a.release("d1");
    expect(await b.claim("d1")).toEqual({ owned: true });
    // b dies holding d1: a gets it once the lease runs out.
    expect((await a.claim("d1")).owned).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await a.claim("d1")).toEqual({ owned: true });
  });
});

async function waitUntil(check: () => Promise<boolean>) {
  const deadline = Date.now() + 2000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
