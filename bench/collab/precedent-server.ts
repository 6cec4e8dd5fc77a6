// Precedent as server/index.ts builds it (config from the environment → openServices, the one
// factory → createApp + the services' sync server), without the Remix UI, on 127.0.0.1.
// With argv[2] = JSON { fixture: {...} } it first writes the bench's users, API tokens and
// documents through the same database and prints them; a second cluster process gets none.
// A refused start (a ConfigError, the data folder or database already taken) exits 78 or 75
// with its message on stderr, as the real entry does, and the bench prints that row as n/a.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app.ts";
import { HTTP_LISTEN_BACKLOG, loadConfigOrExit } from "../../server/config.ts";
import { DataDirInUseError } from "../../server/db/data-dir-lock.ts";
import { ServerAlreadyRunningError } from "../../server/db/server-lock.ts";
import { createLogger } from "../../server/logger.ts";
import { openServices } from "../../server/open-services.ts";
import { viewerOf } from "../../test/factories/users.ts";
import { bigDocumentUpdate } from "./big-document.ts";
import { announce, answerMemoryRequests, exitOnSignals } from "./child.ts";
import { BENCH_LIMITS, type Fixture, type FixtureRequest } from "./fixture.ts";

const { fixture: wanted } = JSON.parse(process.argv[2] ?? "{}") as { fixture?: FixtureRequest };

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
let opened;
try {
  // Writers type flat out: the per-socket frame limit (1,000 per 10 s) would close them (4508).
  opened = await openServices({ config, logger, role: "server", collabLimits: BENCH_LIMITS });
} catch (error) {
  if (error instanceof DataDirInUseError || error instanceof ServerAlreadyRunningError) {
    console.error(error.message);
    process.exit(75);
  }
  throw error;
}
const { db, services } = opened;

let fixture: Fixture | undefined;
if (wanted) {
  const organization = await db.prisma.organization.create({ data: { name: "Bench Provider", slug: "bench-provider", kind: "PROVIDER" } });
  const tokens: string[] = [];
  // Users without passwords (no argon2: the clients sign in with API tokens).
  for (let n = 0; n < wanted.users; n++) {
    const user = await db.prisma.user.create({
      data: { email: `bench-${n}@example.test`, name: `Bench ${n}`, memberships: { create: { organizationId: organization.id, role: "EDITOR" } } },
    });
    tokens.push((await services.auth.createApiToken(await viewerOf(db.prisma, user.id), { name: "collab bench" })).token);
  }
  const documents = await db.prisma.document.createManyAndReturn({
    data: Array.from({ length: wanted.documents }, (_, i) => ({ organizationId: organization.id, kind: "PLAYBOOK" as const, title: `Bench ${i}` })),
    select: { id: true },
  });
  const big = await db.prisma.document.create({
    data: { organizationId: organization.id, kind: "PLAYBOOK", title: "Bench big", ydocState: new Uint8Array(bigDocumentUpdate(wanted.bigChars)) },
    select: { id: true },
  });
  fixture = { tokens, documents: documents.map((d) => d.id), bigDocument: big.id };
}

const server = http.createServer(createApp({ services, config, logger, remix: { kind: "none" } }));
services.collab.attach(server);
answerMemoryRequests();
exitOnSignals(async () => {
  server.close();
  server.closeAllConnections();
  await opened.close();
});
server.listen({ port: config.port, host: "127.0.0.1", backlog: HTTP_LISTEN_BACKLOG }, () => announce({ ports: [(server.address() as AddressInfo).port], fixture }));
