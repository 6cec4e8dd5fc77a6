/**
 * A real PostgreSQL server for tests that need one whatever mode the run is in (several app
 * processes on one database, advisory locks, row locks under load). CI exports TEST_PG_URL (its
 * throwaway cluster, `.ci/run`); a run with TEST_DATABASE_URL uses that server; otherwise a
 * throwaway cluster is started from Debian's binaries (/usr/lib/postgresql/<v>/bin) on a free
 * loopback port, in a temp folder, and stopped BY ITS PID. Each `createDatabase()` is a fresh,
 * empty database (no migrations: the code under test migrates it), dropped again by `drop()`.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, killOnExit, stopProcess } from "./processes.ts";

export type PostgresServer = {
  /** A URL of the server's `postgres` database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
};

const START_TIMEOUT_MS = 60_000;

export async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function binDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin/initdb")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

function serverAt(adminUrl: string, stop: () => Promise<void>): PostgresServer {
  return {
    adminUrl,
    async createDatabase() {
      const name = `precedent_pg_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
      await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { url: url.toString(), drop: async () => void (await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
    },
    stop,
  };
}

export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.TEST_PG_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
  if (given) return serverAt(given, async () => {});

  const bin = binDir();
  if (!bin) throw new Error("No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql), and TEST_PG_URL is not set.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-pg-"));
  fs.chmodSync(dir, 0o777);
  // initdb refuses to run as root: the cluster belongs to the postgres user then.
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  const data = path.join(dir, "data");
  const [initCmd, initArgs] = wrap(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  const init = spawnSync(initCmd, initArgs, { cwd: dir, encoding: "utf8" });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const port = await freePort();
  const [cmd, args] = wrap(path.join(bin, "postgres"), [
    "-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
    "-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
  ]);
  const child = spawn(cmd, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  const forget = killOnExit(child, removeDir);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    forget();
    // runuser passes SIGTERM on to postgres (a "smart" shutdown); SIGINT would be "fast".
    await stopProcess(child);
    removeDir();
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      await adminQuery(adminUrl, "SELECT 1");
      return serverAt(adminUrl, stop);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${output.trim().slice(-800)}`);
}
