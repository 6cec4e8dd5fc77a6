// Several processes on one PostgreSQL database (ADR 025): migrations and first-start seeding under
// locks, a CLI that runs beside a server under health checks, and the one-server rule without
// REDIS_URL. Real PostgreSQL in every run (test/helpers/postgres.ts) and real server processes,
// stopped by pid.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAuthService } from "../../server/auth/service.ts";
import { openDatabase } from "../../server/db/database.ts";
import { DEMO_PROVIDER_NAME, seedFirstStart } from "../../server/seed.ts";
import { ROOT, runScript } from "../helpers/cli.ts";
import { startPostgres, type PostgresServer } from "../helpers/postgres.ts";
import { exited, freePort, killOnExit, stopProcess } from "../helpers/processes.ts";

const SERVER_START_TIMEOUT_MS = 90_000;

let postgres: PostgresServer;
const drops: (() => Promise<void>)[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 90_000);
afterAll(async () => {
  for (const drop of drops) await drop().catch(() => undefined);
  await postgres?.stop();
});

async function emptyDatabase() {
  const { url, drop } = await postgres.createDatabase();
  drops.push(drop);
  return url;
}

type ServerProcess = { child: ChildProcess; url: string; stderr: () => string; stop(): Promise<void> };

/** server/index.ts as an operator starts it, on PostgreSQL, with its own data folder (embedded search). */
async function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-locks-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const forget = killOnExit(child, () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async stop() {
      forget();
      await stopProcess(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the server answers /healthz 200; throws with its output if it exits first. */
async function untilHealthy(server: ServerProcess) {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`the server exited ${server.child.exitCode}: ${server.stderr()}`);
    const ok = await fetch(`${server.url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer /healthz within ${SERVER_START_TIMEOUT_MS} ms: ${server.stderr()}`);
}

describe("migrations on PostgreSQL", () => {
  test("two processes opening an empty database at once both succeed, and the migrations are applied once", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([openDatabase({ kind: "postgres", url }), openDatabase({ kind: "postgres", url })]);
    try {
      const all = fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((d) => /^\d+_/.test(d));
      // One applied everything; the other waited for the lock and found nothing left.
      expect([a.appliedMigrations.length, b.appliedMigrations.length].sort((x, y) => x - y)).toEqual([0, all.length]);
      const rows = await a.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      expect(Number(rows[0]!.n)).toBe(all.length);
      // No connection is left holding an advisory lock once both are open.
      const locks = await a.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`);
      expect(Number(locks[0]!.n)).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("first-start seeding on PostgreSQL", () => {
  test("three processes seeding an empty database at once make one demo organisation and one admin", { timeout: 120_000 }, async () => {
    const url = await emptyDatabase();
    const first = await openDatabase({ kind: "postgres", url });
    const others = await Promise.all([openDatabase({ kind: "postgres", url }), openDatabase({ kind: "postgres", url })]);
    const all = [first, ...others];
    try {
      const results = await Promise.all(all.map((db) => seedFirstStart({ db: db.prisma, auth: createAuthService({ db: db.prisma }), kind: db.kind })));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await first.prisma.organization.count({ where: { name: DEMO_PROVIDER_NAME } })).toBe(1);
      expect(await first.prisma.user.count()).toBe(1);
    } finally {
      for (const db of all) await db.close();
    }
  });
});

describe("servers on PostgreSQL", () => {
  test("user:create finishes in seconds while a server under health checks every 200 ms is up", { timeout: 180_000 }, async () => {
    const url = await emptyDatabase();
    const server = await spawnServer(url);
    let checking = true;
    const statuses: number[] = [];
    try {
      await untilHealthy(server);
      const checks = (async () => {
        while (checking) {
          statuses.push(await fetch(`${server.url}/healthz`).then((r) => r.status, () => 0));
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const started = Date.now();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-locks-cli-"));
      const result = await runScript(
        "user-create",
        ["--email", "carla@acme.example", "--password", "a long enough passphrase", "--role", "CLIENT", "--create-org", "Acme"],
        dataDir,
        { DATABASE_URL: url },
      );
      const tookMs = Date.now() - started;
      checking = false;
      await checks;
      fs.rmSync(dataDir, { recursive: true, force: true });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Created carla@acme.example");
      // Before: it waited for the migration lock for over 10 minutes. A generous bound for a loaded 2-core machine.
      expect(tookMs).toBeLessThan(60_000);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      checking = false;
      await server.stop();
    }
  });

  test("without REDIS_URL a second server on the database refuses to start with a clear message and exit 75", { timeout: 180_000 }, async () => {
    const url = await emptyDatabase();
    const first = await spawnServer(url);
    try {
      await untilHealthy(first);
      const second = await spawnServer(url);
      try {
        await exited(second.child);
        expect(second.child.exitCode).toBe(75);
        expect(second.stderr()).toContain("Another Precedent server is running on this database");
        expect(second.stderr()).toContain("REDIS_URL");
      } finally {
        await second.stop();
      }
      // The first keeps serving.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

      // library:import writes document content the first server's open rooms would not see: refused, nothing imported.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-locks-cli-"));
      const result = await runScript("library-import", [path.join(ROOT, "playbooks")], dataDir, { DATABASE_URL: url });
      fs.rmSync(dataDir, { recursive: true, force: true });
      expect(result.code).toBe(75);
      expect(result.stderr).toContain("a Precedent server is running on this database");
    } finally {
      await first.stop();
    }
    // Stopped, its lock is gone: the next server starts.
    const next = await spawnServer(url);
    try {
      await untilHealthy(next);
    } finally {
      await next.stop();
    }
  });
});
