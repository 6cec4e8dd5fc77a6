// A real HTTP server over a test database: createServices + createApp (no Remix UI) on
// 127.0.0.1, port 0. Each server has its own services, so its own in-memory rate limiters.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app.ts";
import { createAuthService } from "../../server/auth/service.ts";
import { loadConfig, type Config } from "../../server/config.ts";
import { createServices, type Services } from "../../server/context.ts";
import type { Database } from "../../server/db/database.ts";
import type { TestDatabase } from "./database.ts";
import { createLogger } from "../../server/logger.ts";
import { createUser } from "../factories/users.ts";
import { createClient } from "./http.ts";

export type TestServer = {
  /** http://127.0.0.1:PORT, also the origin a browser on it would send. */
  url: string;
  config: Config;
  services: Services;
  close(): Promise<void>;
};

export async function startTestServer({
  db,
  env = {},
  now,
}: {
  db: Database;
  /** Extra environment for loadConfig (APP_ORIGIN…). */
  env?: Record<string, string>;
  /** The auth service's clock, to move time for sessions and invitations. */
  now?: () => number;
}): Promise<TestServer> {
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn", ...env });
  // Warnings and errors go to console.error, which fails the test (test/setup/fail-on-console-error.ts).
  const logger = createLogger("warn");
  const services = createServices({ db, config, logger });
  if (now) services.auth = createAuthService({ db: db.prisma, config, now });
  const app = createApp({ services, config, logger, remix: { kind: "none" } });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}`,
    config,
    services,
    // Once: a test may close it, and the test database closes it again before it goes.
    close: () =>
      (closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // As on SIGTERM: pending derivations and index updates finish before the database goes.
        await services.collab.close();
        await services.search.close();
      })()),
  };
  if ("beforeClose" in db) (db as TestDatabase).beforeClose(testServer.close);
  return testServer;
}

/** A new user with `role` in the organisation named `organizationName` (created if new), signed in over HTTP. */
export async function signInNewUser(
  server: Pick<TestServer, "url" | "services">,
  role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT",
  organizationName: string,
  name?: string,
) {
  const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName, name });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, organization, user };
}
