// schema.prisma and prisma/migrations must tell the same story: a model change without its
// migration fails here, before it fails on someone's database.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyMigrations, defaultMigrationPaths, diffMigrationsToSchema, type MigrationPaths } from "../../server/db/migrate.ts";
import { useTestDatabase } from "../helpers/database.ts";

let pglite: PGlite;
let factory: SqlMigrationAwareDriverAdapterFactory;
let tempDir: string;

beforeAll(async () => {
  // The engine connects to this database, and replays the migrations into PrismaPGlite's own
  // shadow database to compare them with the schema.
  pglite = await PGlite.create({ dataDir: "memory://" });
  factory = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-migrations-"));
});
afterAll(async () => {
  await pglite?.close();
  if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
});

/** A copy of prisma/ with `edit` applied to schema.prisma. */
async function copyOfPrisma(edit: (schema: string) => string): Promise<MigrationPaths> {
  const repo = await defaultMigrationPaths();
  const dir = await fs.mkdtemp(path.join(tempDir, "prisma-"));
  const paths = { schemaFile: path.join(dir, "schema.prisma"), migrationsDir: path.join(dir, "migrations") };
  await fs.cp(repo.migrationsDir, paths.migrationsDir, { recursive: true });
  const schema = await fs.readFile(repo.schemaFile, "utf8");
  const edited = edit(schema);
  expect(edited).not.toBe(schema);
  await fs.writeFile(paths.schemaFile, edited);
  return paths;
}

describe("migrations", () => {
  test("the repository's migrations produce exactly schema.prisma", async () => {
    const drift = await diffMigrationsToSchema(factory);
    expect(drift, `schema.prisma differs from prisma/migrations; run npm run db:migrate -- NAME:\n${drift}`).toBeNull();
  });

  test("a field added to the schema without a migration is reported as SQL", async () => {
    const paths = await copyOfPrisma((s) =>
      s.replace(/model User \{\n/, 'model User {\n  nickname     String?\n'),
    );
    const drift = await diffMigrationsToSchema(factory, paths);
    expect(drift).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
  });
});

describe("migrated test database", () => {
  const db = useTestDatabase();

  test("has every migration recorded and none pending", async () => {
    const { migrationsDir } = await defaultMigrationPaths();
    const names = (await fs.readdir(migrationsDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const recorded = await db().prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(names);
    expect(await applyMigrations(db().factory)).toEqual([]);
  });
});
