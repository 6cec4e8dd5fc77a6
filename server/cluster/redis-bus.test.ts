import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startRedis, type RedisServer } from "../../test/helpers/redis.ts";
import type { RevokeScope } from "../collab/revoke.ts";
import { createLogger } from "../logger.ts";
import type { BusHandlers, ClusterBus } from "./bus.ts";
import { BUS_CHANNEL, createRedisBus } from "./redis-bus.ts";

let server: RedisServer;
const connections: Redis[] = [];
const buses: ClusterBus[] = [];
const connect = () => {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
};

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
  await Promise.all(connections.map((c) => c.quit()));
  await server?.stop();
});

function recordingBus(processId: string) {
  const heard: Array<[string, ...unknown[]]> = [];
  const bus = createRedisBus({ processId, publisher: connect(), subscriber: connect(), logger: createLogger("silent") });
  const handlers: BusHandlers = {
    update: (d, u) => heard.push(["update", d, [...u]]),
    awareness: (d, u, from) => heard.push(["awareness", d, [...u], from]),
    awarenessQuery: (d) => heard.push(["awareness-query", d]),
    revoke: (scope: RevokeScope) => heard.push(["revoke", scope]),
    comments: (d, thread) => heard.push(["comments", d, thread]),
    resync: () => heard.push(["resync"]),
  };
  bus.listen(handlers);
  buses.push(bus);
  return { bus, heard };
}

async function subscribers(redis: Redis, count: number) {
  const deadline = Date.now() + 3000;
  for (;;) {
    const [, n] = (await redis.pubsub("NUMSUB", BUS_CHANNEL)) as [string, number];
    if (Number(n) >= count) return;
    if (Date.now() > deadline) throw new Error("the buses did not subscribe");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function until(check: () => boolean) {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("updates, presence, presence queries, comment signals and revocations reach the other processes in order, never the sender; bad messages are dropped", async () => {
  const a = recordingBus("process-a");
  const b = recordingBus("process-b");
  const probe = connect();
  await subscribers(probe, 2);

  await probe.publish(BUS_CHANNEL, "not json");
  await probe.publish(BUS_CHANNEL, JSON.stringify({ t: "update", p: "x", d: "doc-1", u: "!!not base64!!" }));
  await probe.publish(BUS_CHANNEL, JSON.stringify({ t: "revoke", p: "x", s: { userIds: "everyone" } }));
  a.bus.publishUpdate("doc-1", new Uint8Array([1, 2, 3]));
  a.bus.publishUpdate("doc-1", new Uint8Array([4]));
  a.bus.publishAwareness("doc-1", new Uint8Array([9]));
  a.bus.queryAwareness("doc-2");
  a.bus.publishComments("doc-1", { visibility: "CLIENT", clientOrganizationId: "client-a" });
  a.bus.publishRevoke({ userIds: ["u1"], documentIds: ["doc-1"] });
  await until(() => b.heard.length >= 6);
  expect(b.heard).toEqual([
    ["update", "doc-1", [1, 2, 3]],
    ["update", "doc-1", [4]],
    ["awareness", "doc-1", [9], "process-a"],
    ["awareness-query", "doc-2"],
    ["comments", "doc-1", { visibility: "CLIENT", clientOrganizationId: "client-a" }],
    ["revoke", { userIds: ["u1"], documentIds: ["doc-1"] }],
  ]);
  expect(a.heard).toEqual([]);
});

test("a subscriber that lost its connection subscribes again and tells the rooms to re-read what is stored", async () => {
  const c = recordingBus("process-c");
  const probe = connect();
  // Every bus so far, not just one: the first test's buses are still subscribed, and a kill before c has subscribed would leave c nothing to recover from.
  await subscribers(probe, buses.length);
  await probe.call("CLIENT", "KILL", "TYPE", "pubsub");
  await until(() => c.heard.some(([kind]) => kind === "resync"));
  // Subscribed again: another process's updates arrive (published until one does, as the re-subscription races the publish).
  const d = recordingBus("process-d");
  const publishing = setInterval(() => d.bus.publishUpdate("doc-9", new Uint8Array([7])), 20);
  try {
    await until(() => c.heard.some(([kind]) => kind === "update"));
  } finally {
    clearInterval(publishing);
  }
  expect(c.heard.find(([kind]) => kind === "update")).toEqual(["update", "doc-9", [7]]);
});
