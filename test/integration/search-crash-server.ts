// The server with the embedded database and search index in DATA_DIR, in its own process, for
// search-durability.test.ts to kill with SIGKILL and start again on the same folder.
// argv[2]: JSON { dataDir, snapshotFile? }. Prints one JSON line { port, token } once it listens.
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { createServices } from "../../server/context.ts";
import { openDatabase } from "../../server/db/database.ts";
import { createLogger } from "../../server/logger.ts";
import { viewerOf } from "../factories/users.ts";

const { dataDir, snapshotFile } = JSON.parse(process.argv[2] ?? "{}") as { dataDir: string; snapshotFile?: string };
const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "warn" });
if (config.database.kind !== "pglite") throw new Error("the crash server runs on the embedded database");
const fresh = await fs.stat(config.database.dataDir).then(() => false, () => true);
const db = await openDatabase(
  { ...config.database, ...(fresh && snapshotFile ? { loadDataDir: new Blob([await fs.readFile(snapshotFile)]) } : {}) },
  { migrate: !snapshotFile },
);
const logger = createLogger("warn");
const services = createServices({ db, config, logger });

// An admin of the provider (the library CLI imports as the first admin), without a password.
const email = "search-crash@example.test";
const existing = await db.prisma.user.findUnique({ where: { email }, select: { id: true } });
const userId =
  existing?.id ??
  (
    await db.prisma.user.create({
      data: {
        email,
        name: "Search Crash",
        memberships: { create: { organization: { create: { name: "Crash Provider", slug: "crash-provider", kind: "PROVIDER" } }, role: "ADMIN" } },
      },
    })
  ).id;
const { token } = await services.auth.createApiToken(await viewerOf(db.prisma, userId), { name: "search crash test" });

const server = http.createServer(createApp({ services, config, logger, remix: { kind: "none" } }));
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port, token })}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  void services.search
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
});
