// One app process of a cluster, for cluster.test.ts: config from the environment (REDIS_URL,
// DATABASE_URL, MEILI_HOST…, as a real process), services, the app without the Remix UI, the
// sync server, listening on HOST:PORT. Prints one JSON line { port, processId } once it listens; SIGTERM
// shuts down as server/index.ts does, SIGKILL is what the test is for.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app.ts";
import { loadConfigOrExit } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { openServices } from "../../server/open-services.ts";

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
const opened = await openServices({ config, logger, role: "server" });
const { services } = opened;
const server = http.createServer(createApp({ services, config, logger, remix: { kind: "none" } }));
services.collab.attach(server);
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port, processId: services.cluster.processId })}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void (async () => {
    await opened.close();
    process.exit(0);
  })();
});
