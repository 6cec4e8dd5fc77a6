// /healthz reports a database that refuses writes (a full disk answers every SELECT), and /readyz
// names each part a load balancer depends on (ADR 025).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HEALTH_WRITE_PROBE_INTERVAL_MS } from "../../server/config.ts";
import { createHealthService } from "../../server/health/index.ts";
import { createLogger } from "../../server/logger.ts";
import { createMeiliSearchEngine } from "../../server/search/meilisearch-engine.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { freePort } from "../helpers/processes.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let clock = Date.now();
let built: TestServer["services"]["health"];

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  built = server.services.health;
  // The same service on a clock the test moves, so the write probe's interval passes at once; silent,
  // as the refused write it reports is this test's doing.
  server.services.health = createHealthService({ db: db().prisma, search: { health: () => Promise.resolve({ ok: true }) }, logger: createLogger("silent"), now: () => clock });
});
afterAll(async () => {
  await server?.close();
});

/** Makes every write to the probe's table fail, as a full disk or a read-only database would. */
async function refuseProbeWrites(refuse: boolean) {
  const prisma = db().prisma;
  if (refuse) {
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON "HealthProbe" FOR EACH ROW EXECUTE FUNCTION refuse_write()`);
  } else {
    await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_write ON "HealthProbe"`);
  }
}

describe("/healthz", () => {
  test("answers 503 naming the refused write while writes fail, and 200 again once they work", async () => {
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, database: { read: true, write: true } });
    expect(await db().prisma.healthProbe.count()).toBe(1);

    await refuseProbeWrites(true);
    // Within the interval the last result stands: health checks every second are no write load.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    clock += HEALTH_WRITE_PROBE_INTERVAL_MS;
    const failing = await fetch(`${server.url}/healthz`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toEqual({ ok: false, database: { read: true, write: false, error: "the database refuses writes" } });

    await refuseProbeWrites(false);
    clock += HEALTH_WRITE_PROBE_INTERVAL_MS;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("/readyz", () => {
  test("names the database and the search engine, and answers 503 naming the one that does not answer", async () => {
    // The service createServices built, over the real embedded engine.
    server.services.health = built;
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, parts: { database: { ok: true }, search: { ok: true } } });

    // A real Meilisearch client pointed at a port nothing listens on.
    const nothing = `http://127.0.0.1:${await freePort()}`;
    const search = createMeiliSearchEngine({ host: nothing, apiKey: undefined, indexUid: "precedent" });
    server.services.health = createHealthService({ db: db().prisma, search, logger: createLogger("silent") });
    // Cluster mode adds Redis through the same hook.
    server.services.health.addReadinessCheck("redis", () => Promise.resolve({ ok: true }));
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ok: false,
      parts: { database: { ok: true }, search: { ok: false, error: "the search engine does not answer" }, redis: { ok: true } },
    });
  });
});
