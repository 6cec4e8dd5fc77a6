// PGlite runs no autovacuum, so nothing analyses its tables unless openDatabase does (ADR 010
// addendum): once after migrating, and every `analyzeEveryMs` when asked (the server passes
// DB_ANALYZE_INTERVAL_MS). Without statistics the planner guessed and the portfolio KPIs took 20×
// longer. PostgreSQL analyses by itself, so these run on PGlite only.
import fs from "node:fs/promises";
import { describe, expect, inject, test } from "vitest";
import { openDatabase, type Database } from "../../server/db/database.ts";

const target = inject("testDatabase");

async function snapshot(): Promise<Blob> {
  if (target.kind !== "pglite") throw new Error("PGlite only");
  return new Blob([await fs.readFile(target.snapshotFile)]);
}

/** Rows of planner statistics for the Organization table (none until it was analysed with rows in it). */
async function organizationStats(db: Database) {
  const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'Organization'`);
  return rows[0]!.n;
}

async function addOrganizations(db: Database) {
  await db.prisma.organization.createMany({
    data: Array.from({ length: 20 }, (_, i) => ({ name: `Org ${i}`, slug: `org-analyze-${i}`, kind: "CLIENT" as const })),
  });
}

describe.skipIf(target.kind !== "pglite")("ANALYZE on PGlite", () => {
  test("opening with migrations analyses the tables, so the planner sees the rows already there", async () => {
    const first = await openDatabase({ kind: "pglite", dataDir: "memory://", loadDataDir: await snapshot() }, { migrate: false });
    let dump: Blob;
    try {
      await addOrganizations(first);
      // Loaded without migrating (as tests do, from an analysed snapshot): no statistics for the new rows.
      expect(await organizationStats(first)).toBe(0);
      dump = await first.pglite!.dumpDataDir("gzip");
    } finally {
      await first.close();
    }
    const reopened = await openDatabase({ kind: "pglite", dataDir: "memory://", loadDataDir: dump });
    try {
      expect(reopened.appliedMigrations).toEqual([]);
      expect(await organizationStats(reopened)).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  }, 60_000);

  test("analyzeEveryMs analyses again in the background while the data grows", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://", loadDataDir: await snapshot() }, { migrate: false, analyzeEveryMs: 50 });
    try {
      await addOrganizations(db);
      await expect.poll(() => organizationStats(db), { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 30_000);
});
