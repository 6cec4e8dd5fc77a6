import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { LoginThrottleStore } from "../auth/login-throttle.ts";
import type { Config } from "../config.ts";
import type { CollabLimits, ConnectionCounter } from "../collab/limits.ts";
import type { Logger } from "../logger.ts";
import { createLocalBus, type ClusterBus } from "./bus.ts";
import { createDerivationLease, type DerivationOwnership } from "./derivation-lease.ts";
import { createRedisLoginStore } from "./login-limits.ts";
import { createRedisBus } from "./redis-bus.ts";
import { createSharedConnectionCounter, PROCESS_TTL_MS } from "./socket-counts.ts";

/**
 * Cluster mode (ADR 026): with REDIS_URL, several identical processes share rooms, presence,
 * revocations, socket caps and login limits through Redis, and one process at a time derives a
 * document. Without it, `clustered` is false and every part is local: the same calls, nothing sent.
 */
export type Cluster = {
  readonly processId: string;
  readonly clustered: boolean;
  bus: ClusterBus;
  /** Who derives a document; null: this process alone, from its in-memory Y.Doc. */
  derivation: DerivationOwnership | null;
  /** Socket caps over every process; null: counted in this process's memory. */
  createConnectionCounter(limits: Pick<CollabLimits, "maxConnectionsPerDocument" | "maxConnectionsPerUser">): ConnectionCounter | null;
  /** Sign-in counts over every process; null: this process's memory. */
  loginStore: LoginThrottleStore | null;
  /** Whether Redis answers (readiness); true without REDIS_URL. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

export function createCluster({ config, logger, processId = randomUUID() }: { config: Pick<Config, "cluster">; logger: Logger; processId?: string }): Cluster {
  if (!config.cluster) {
    return {
      processId,
      clustered: false,
      bus: createLocalBus(processId),
      derivation: null,
      createConnectionCounter: () => null,
      loginStore: null,
      ping: async () => true,
      close: async () => {},
    };
  }
  const options = { lazyConnect: false, maxRetriesPerRequest: 3, connectionName: `precedent-${processId}` };
  const redis = new Redis(config.cluster.redisUrl, options);
  const subscriber = new Redis(config.cluster.redisUrl, options);
  for (const connection of [redis, subscriber]) {
    // ioredis reconnects by itself; without a listener an error event would crash the process.
    connection.on("error", (error: Error) => logger.warn("cluster: Redis connection error", { error: error.message }));
  }
  const bus = createRedisBus({ processId, publisher: redis, subscriber, logger });
  const heartbeats: Array<() => Promise<void>> = [];
  const timer = setInterval(() => {
    for (const beat of heartbeats) beat().catch((error: unknown) => logger.warn("cluster: heartbeat failed", { error: String(error) }));
  }, PROCESS_TTL_MS / 3);
  timer.unref();

  return {
    processId,
    clustered: true,
    bus,
    derivation: createDerivationLease({ redis, processId }),
    createConnectionCounter(limits) {
      const counter = createSharedConnectionCounter({ redis, processId, logger, limits });
      heartbeats.push(() => counter.heartbeat());
      return counter;
    },
    loginStore: createRedisLoginStore(redis),
    ping: () => redis.ping().then(
      (answer) => answer === "PONG",
      () => false,
    ),
    async close() {
      clearInterval(timer);
      await bus.close();
      await Promise.allSettled([redis.quit(), subscriber.quit()]);
    },
  };
}

export type { ClusterBus } from "./bus.ts";
export type { DerivationOwnership } from "./derivation-lease.ts";
