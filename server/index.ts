import http from "node:http";
import path from "node:path";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { HTTP_LISTEN_BACKLOG, RETENTION_PURGE_INTERVAL_MS, loadConfigOrExit } from "./config.ts";
import { DataDirInUseError } from "./db/data-dir-lock.ts";
import { ServerAlreadyRunningError } from "./db/server-lock.ts";
import { openServices } from "./open-services.ts";
import { createApp, type RemixSource } from "./app.ts";
import { firstStartBanner } from "./first-start-banner.ts";
import { createLogger } from "./logger.ts";
import { seedFirstStart, seedStarterLibrary } from "./seed.ts";
import { serveBackups } from "./db/control-socket.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The bundle runs from dist/server/, the source (npm run dev) from server/. */
const ROOT = path.resolve(HERE, path.basename(path.dirname(HERE)) === "dist" ? "../.." : "..");

async function remixSource(production: boolean): Promise<RemixSource> {
  const serverBuild = path.join(ROOT, "build/server/index.js");
  if (production) {
    if (!fs.existsSync(serverBuild)) throw new Error(`No Remix build at ${serverBuild}: run \`npm run build\` first.`);
    const build = (await import(serverBuild)) as ServerBuild;
    return { kind: "build", build, clientDir: path.join(ROOT, "build/client") };
  }
  const vite = await import("vite");
  const server = await vite.createServer({ root: ROOT, server: { middlewareMode: true }, appType: "custom" });
  return {
    kind: "vite",
    middleware: server.middlewares as unknown as Extract<RemixSource, { kind: "vite" }>["middleware"],
    build: () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
  };
}

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  // The bundle (dist/) serves the built UI; `npm run dev` (tsx) serves it through Vite.
  const production = import.meta.url.endsWith(".js");
  const started = Date.now();

  let opened;
  try {
    opened = await openServices({ config, logger, role: "server" });
  } catch (error) {
    if (error instanceof DataDirInUseError || error instanceof ServerAlreadyRunningError) {
      console.error(error.message);
      process.exit(75); // EX_TEMPFAIL
    }
    throw error;
  }
  const { db, services } = opened;
  if (db.appliedMigrations.length) logger.info("migrations applied", { migrations: db.appliedMigrations });
  // `npm run db:backup` asks this process for the backup: no other may open the data folder.
  const control = await serveBackups({ config, database: db, logger });

  let seedLibrary = false;
  if (config.seedDemo) {
    const seeded = await seedFirstStart({ db: db.prisma, auth: services.auth, kind: db.kind });
    seedLibrary = seeded !== null;
    if (seeded) console.log(firstStartBanner({ email: seeded.email, password: seeded.password, database: db.kind }));
  }

  // Scheduled publications that took effect while the server was down move in at once.
  services.inForceSweep.start();
  const app = createApp({ services, config, logger, remix: await remixSource(production) });
  const server = http.createServer(app);
  // WebSocket upgrades on /collab/<documentId> go to the sync server.
  services.collab.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: config.port, host: config.host, backlog: HTTP_LISTEN_BACKLOG }, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  logger.info(`Precedent is listening on http://${shownHost}:${port}`, {
    database: config.database.kind,
    dataDir: config.dataDir,
    startedInMs: Date.now() - started,
  });

  // Content typed just before a crash is derived now, not at its next edit (ADR 023).
  void services.collab
    .deriveStale()
    .then((derived) => {
      if (derived > 0) logger.info("derived documents left stale by the last stop", { documents: derived });
    })
    .catch((error: unknown) => logger.error("collab: the start-up derivation pass failed", { error: String(error) }));

  // The starter library goes in once the server listens: a first start is no slower than before
  // (the import takes a second or two), and the library fills in moments later.
  const libraryStarted = Date.now();
  const seedingLibrary = seedLibrary
    ? seedStarterLibrary({ db: db.prisma, documents: services.documents })
        .then((summary) => {
          if (!summary) return;
          logger.info("starter library imported", { documents: summary.imported.length, ms: Date.now() - libraryStarted });
          for (const skip of summary.skipped) logger.warn("starter library: file skipped", skip);
        })
        .catch((error: unknown) => logger.error("starter library: the import failed", { error: String(error) }))
    : undefined;

  // The trash empties itself of what is past TRASH_DAYS and not retained (ADR 021).
  services.retention.startPurging(RETENTION_PURGE_INTERVAL_MS);

  let stopping = false;
  // Queued mail goes out, and due reviews are looked for, while the server runs (ADR 019): from
  // once the starter library is in, so its documents are looked at in the first sweep.
  void Promise.resolve(seedingLibrary).then(() => {
    if (!stopping) {
      services.notifications.start();
      // Playbooks' review triggers are judged against their outcomes (ADR 037).
      services.reviewTriggers.start();
      // Waits on the client are judged against mandates' response-time assumptions (ADR 043).
      services.changeControl.start();
      // Deliveries nobody answered in time are deemed accepted (ADR 042).
      services.requests.start();
    }
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close();
    server.closeAllConnections();
    await seedingLibrary;
    await services.retention.stopPurging();
    await services.inForceSweep.stop();
    await services.reviewTriggers.stop();
    await services.changeControl.stop();
    await services.requests.stop();
    await services.notifications.stop().catch((error: unknown) => logger.error("notifications shutdown failed", { error: String(error) }));
    await control?.close();
    // Sync sockets close, every open room derives and compacts, the index saves, then the database and the lock go.
    await opened.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
