// Runs once per `vitest run`, before any test file, in the main process.
//
// PGlite (default): migrate one in-memory database and keep a dumpDataDir() snapshot, so each
// test file starts from a migrated database in ~1 s instead of ~5 s. The snapshot is cached in
// node_modules/.cache, keyed by everything that shapes it (migrations, migration runner, PGlite
// and schema-engine versions), so a second run skips the initdb and the migrations too.
// PostgreSQL (TEST_DATABASE_URL set): check the server answers; each test file then creates,
// migrates and drops its own database (test/helpers/database.ts).
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../server/db/database.ts";
import { defaultMigrationPaths } from "../../server/db/migrate.ts";

export type TestDatabaseTarget = { kind: "pglite"; snapshotFile: string } | { kind: "postgres"; adminUrl: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseTarget;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHE_DIR = path.join(ROOT, "node_modules/.cache/precedent-test");
const DAY_MS = 24 * 60 * 60 * 1000;

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL?.trim();
  if (adminUrl) {
    await checkReachable(adminUrl);
    project.provide("testDatabase", { kind: "postgres", adminUrl });
    return;
  }
  project.provide("testDatabase", { kind: "pglite", snapshotFile: await migratedSnapshot() });
}

async function checkReachable(adminUrl: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL=${adminUrl} is not reachable: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The path of a gzipped PGlite data folder with every migration applied. */
async function migratedSnapshot(): Promise<string> {
  const snapshotFile = path.join(CACHE_DIR, `pglite-${await snapshotKey()}.tar.gz`);
  if (await fs.stat(snapshotFile).then((s) => s.size > 0, () => false)) return snapshotFile;

  await fs.mkdir(CACHE_DIR, { recursive: true });
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  try {
    if (!db.pglite) throw new Error("openDatabase did not return the PGlite instance");
    const snapshot = Buffer.from(await (await db.pglite.dumpDataDir("gzip")).arrayBuffer());
    // Write then rename: another run starting at the same moment never reads half a file.
    const partial = `${snapshotFile}.${process.pid}.partial`;
    await fs.writeFile(partial, snapshot);
    await fs.rename(partial, snapshotFile);
  } finally {
    await db.close();
  }
  await pruneOldSnapshots(snapshotFile);
  return snapshotFile;
}

async function snapshotKey(): Promise<string> {
  const hash = createHash("sha256");
  const { schemaFile, migrationsDir } = await defaultMigrationPaths();
  const migrations = (await fs.readdir(migrationsDir, { recursive: true })).map(String).sort();
  for (const name of migrations) {
    const file = path.join(migrationsDir, name);
    if ((await fs.stat(file)).isFile()) hash.update(name).update(await fs.readFile(file));
  }
  hash.update(await fs.readFile(schemaFile));
  for (const file of ["server/db/migrate.ts", "server/db/database.ts"]) hash.update(await fs.readFile(path.join(ROOT, file)));
  for (const pkg of ["@electric-sql/pglite", "@prisma/schema-engine-wasm", "pglite-prisma-adapter"]) {
    hash.update(await fs.readFile(path.join(ROOT, "node_modules", pkg, "package.json")));
  }
  return hash.digest("hex").slice(0, 16);
}

async function pruneOldSnapshots(keep: string) {
  for (const name of await fs.readdir(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    if (file === keep) continue;
    const stat = await fs.stat(file).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > DAY_MS) await fs.rm(file, { force: true });
  }
}
