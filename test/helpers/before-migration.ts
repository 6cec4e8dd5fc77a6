// A fresh in-memory PGlite migrated up to (not including) one migration, so a test can write rows
// as the schema had them then and watch that migration carry them over.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../server/db/database.ts";
import { applyMigrations, defaultMigrationPaths } from "../../server/db/migrate.ts";

export type BeforeMigration = {
  db: Database & { appliedMigrations: string[] };
  /** Runs raw SQL against it (the old schema has no Prisma types). */
  sql: (text: string) => Promise<number>;
  /** Applies the named migration and every later one; returns the names applied. */
  migrateRest: () => Promise<string[]>;
  /** The named migration's folder name. */
  migration: string;
  close: () => Promise<void>;
};

export async function databaseBeforeMigration(name: string): Promise<BeforeMigration> {
  const repo = await defaultMigrationPaths();
  const tempDir = await fs.mkdtemp(path.join(os.tmpdir(), `precedent-before-${name}-`));
  const paths = { schemaFile: repo.schemaFile, migrationsDir: path.join(tempDir, "migrations") };
  const all = (await fs.readdir(repo.migrationsDir)).filter((entry) => /^\d{14}_/.test(entry)).sort();
  const at = all.findIndex((entry) => entry.endsWith(`_${name}`));
  if (at <= 0) throw new Error(`No migration named ${name} after the first one`);
  await fs.mkdir(paths.migrationsDir);
  await fs.copyFile(path.join(repo.migrationsDir, "migration_lock.toml"), path.join(paths.migrationsDir, "migration_lock.toml"));
  const copy = (names: string[]) =>
    Promise.all(names.map((entry) => fs.cp(path.join(repo.migrationsDir, entry), path.join(paths.migrationsDir, entry), { recursive: true })));
  await copy(all.slice(0, at));
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" }, { migrationPaths: paths });
  return {
    db,
    sql: (text) => db.prisma.$executeRawUnsafe(text),
    migration: all[at]!,
    async migrateRest() {
      await copy(all.slice(at));
      return applyMigrations(db.factory, paths);
    },
    async close() {
      await db.close();
      await fs.rm(tempDir, { recursive: true, force: true });
    },
  };
}
