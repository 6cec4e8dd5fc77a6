// A sync server in its own process, for collab-crash.test.ts to kill with SIGKILL.
// argv[2]: JSON { database: DatabaseOptions, snapshotFile?: string, restart?: boolean }. Prints one
// JSON line { port, documentId, tokens } once it listens. With `restart` it opens the database a
// killed run left (no new users or document: documentId and tokens are empty) and, as
// server/index.ts does at start, derives what the crash left stale.
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app.ts";
import { createCollabServer } from "../../server/collab/index.ts";
import { loadConfig } from "../../server/config.ts";
import { createServices } from "../../server/context.ts";
import { openDatabase, type DatabaseOptions } from "../../server/db/database.ts";
import type { DocumentStateStore } from "../../server/documents/state-store.ts";
import { createLogger } from "../../server/logger.ts";
import { viewerOf } from "../factories/users.ts";

const { database, snapshotFile, restart } = JSON.parse(process.argv[2] ?? "{}") as {
  database: DatabaseOptions;
  snapshotFile?: string;
  restart?: boolean;
};
const options: DatabaseOptions =
  database.kind === "pglite" && snapshotFile && !restart ? { ...database, loadDataDir: new Blob([await fs.readFile(snapshotFile)]) } : database;
const db = await openDatabase(options, { migrate: database.kind === "postgres" });
const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn" });
const logger = createLogger("warn");
const services = createServices({ db, config, logger });

// Users without passwords (no argon2 here: only API tokens are needed).
async function createFixtures() {
  const organization = await db.prisma.organization.create({ data: { name: "Crash Provider", slug: "crash-provider", kind: "PROVIDER" } });
  const tokens: string[] = [];
  for (const n of [1, 2]) {
    const user = await db.prisma.user.create({
      data: { email: `crash-${n}@example.test`, name: `Crash ${n}`, memberships: { create: { organizationId: organization.id, role: "EDITOR" } } },
    });
    tokens.push((await services.auth.createApiToken(await viewerOf(db.prisma, user.id), { name: "crash test" })).token);
  }
  const document = await db.prisma.document.create({ data: { organizationId: organization.id, kind: "PLAYBOOK", title: "Crash" } });
  return { documentId: document.id, tokens };
}
const fixtures = restart ? { documentId: "", tokens: [] as string[] } : await createFixtures();

// A slow disk (20 ms before each statement): relaying before storing would lose what B saw.
const store: DocumentStateStore = {
  ...services.documentState,
  appendMany: async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return services.documentState.appendMany(...args);
  },
};
const collab = createCollabServer({
  auth: services.auth,
  store,
  getAccessMany: (ids) => services.documents.getAccessMany(ids),
  config,
  logger,
});
const server = http.createServer(createApp({ services, config, logger, remix: { kind: "none" } }));
collab.attach(server);
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port, ...fixtures })}\n`);
});
if (restart) await collab.deriveStale();
