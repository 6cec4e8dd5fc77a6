// schema.prisma and prisma/migrations must tell the same story: a model change without its
// migration fails here, before it fails on someone's database.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyMigrations, defaultMigrationPaths, diffMigrationsToSchema, type MigrationPaths } from "../../server/db/migrate.ts";
import { useTestDatabase } from "../helpers/database.ts";

// The run's test database: PGlite by default (its diff replays the migrations into a new PGlite
// shadow database), PostgreSQL with TEST_DATABASE_URL (a shadow database created and dropped).
const db = useTestDatabase();
let tempDir: string;
// Each PGlite shadow database is a fresh initdb: seconds each, more on a busy machine.
const SLOW = 120_000;

beforeAll(async () => {
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-migrations-"));
});
afterAll(async () => {
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
    const drift = await diffMigrationsToSchema(db().factory);
    expect(drift, `schema.prisma differs from prisma/migrations; run npm run db:migrate -- NAME:\n${drift}`).toBeNull();
  }, SLOW);

  test("a field added to the schema without a migration is reported as SQL", async () => {
    const paths = await copyOfPrisma((s) =>
      s.replace(/model User \{\n/, 'model User {\n  nickname     String?\n'),
    );
    const drift = await diffMigrationsToSchema(db().factory, paths);
    expect(drift).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
  }, SLOW);
});

describe("migrated test database", () => {
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
