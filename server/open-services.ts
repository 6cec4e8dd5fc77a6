// The one place a process opens the database and builds its services: the server, every script
// and every benchmark (ADR 025). A script that built a document service of its own wrote to the log
// behind the back of the running server's open rooms.
import { DB_ANALYZE_INTERVAL_MS, type Config } from "./config.ts";
import { createServices, type Services } from "./context.ts";
import { openDatabase, type Database, type DatabaseOptions } from "./db/database.ts";
import { holdServerLock, isServerRunning, type ServerLock } from "./db/server-lock.ts";
import type { CollabLimits } from "./collab/limits.ts";
import type { Logger } from "./logger.ts";
import type { SearchEngine } from "./search/engine.ts";

/**
 * "server": the long-lived process (background ANALYZE; on PostgreSQL without REDIS_URL, the
 * one-server lock). "cli": a command that runs and exits (no lock of its own).
 */
export type ProcessRole = "server" | "cli";

export type OpenedServices = {
  db: Database & { appliedMigrations: string[] };
  services: Services;
  /** Stops the sync server and the search engine (pending derivations and index writes finish), then the database and the lock. */
  close(): Promise<void>;
};

export async function openServices({
  config,
  logger,
  role,
  database = config.database,
  searchEngine,
  collabLimits,
}: {
  config: Config;
  logger: Logger;
  role: ProcessRole;
  /** Benchmarks start from a dumped data folder; otherwise config.database. */
  database?: DatabaseOptions;
  /** Benchmarks hand in an engine; otherwise config.search decides. */
  searchEngine?: SearchEngine;
  /** The sync benchmark lets writers type flat out past the per-socket frame limit. */
  collabLimits?: Partial<CollabLimits>;
}): Promise<OpenedServices> {
  // Taken before migrating: a refused process changes nothing.
  let lock: ServerLock | undefined;
  if (role === "server" && database.kind === "postgres" && !config.cluster) {
    lock = await holdServerLock(database.url, (error) =>
      logger.error("the one-server lock's connection was lost: another process could now start on this database", { error: String(error) }),
    );
  }
  let db;
  try {
    db = await openDatabase(
      database,
      role === "server"
        ? {
            analyzeEveryMs: DB_ANALYZE_INTERVAL_MS,
            onAnalyzeError: (error) => logger.warn("background ANALYZE failed", { error: String(error) }),
          }
        : {},
    );
  } catch (error) {
    await lock?.release();
    throw error;
  }
  // Cluster mode (ADR 026) connects its bus here for every role, so a CLI's document writes reach
  // the open rooms of the running servers (requireNoServerForContentWrites lets them through).
  const services = createServices({ db, config, logger, searchEngine, collabLimits });
  const opened = db;
  return {
    db,
    services,
    async close() {
      try {
        // Sockets and comment streams close first, then rooms derive; their derivations feed the indexer, which then saves.
        services.commentStreams.close();
        await services.collab.close().catch((error: unknown) => logger.error("collab shutdown failed", { error: String(error) }));
        await services.cluster.close().catch((error: unknown) => logger.error("cluster shutdown failed", { error: String(error) }));
        await services.search.close().catch((error: unknown) => logger.error("search shutdown failed", { error: String(error) }));
        await opened.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

export class ServerRunningError extends Error {
  constructor() {
    super(
      "Nothing was changed: a Precedent server is running on this database, and its open rooms would not see " +
        "this command's writes to documents (their next save would overwrite them). Stop the server, or run in cluster mode (REDIS_URL): see README, Running at scale.",
    );
    this.name = "ServerRunningError";
  }
}

/**
 * Before a command writes document content: on PostgreSQL without REDIS_URL, refuse while a
 * server runs (PGlite: the data-folder lock already keeps the server out). In cluster mode the
 * writes reach the servers' open rooms through the bus (ADR 026), so nothing to refuse.
 */
export async function requireNoServerForContentWrites(config: Config): Promise<void> {
  if (config.database.kind !== "postgres" || config.cluster) return;
  if (await isServerRunning(config.database.url)) throw new ServerRunningError();
}
