// One real database per test file, in whichever mode the run was started in
// (test/setup/global-setup.ts): PGlite from the migrated snapshot, or a fresh PostgreSQL
// database that close() drops again.
import fs from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database } from "../../server/db/database.ts";

export type TestDatabase = Database & {
  /** Closes what was opened on it (test servers: their indexer and sync rooms still write), then the connection; on PostgreSQL, drops the database. */
  close(): Promise<void>;
  /** Runs `fn` first when the database closes: a test server on it stops before the connection goes. */
  beforeClose(fn: () => Promise<void>): void;
  /** The database goes away under servers still running on it (a test of what they answer then). */
  vanish(): Promise<void>;
};

/** Wraps a database so that what registered with `beforeClose` stops before it closes. */
function closingFirst(db: Database, close: () => Promise<void>): TestDatabase {
  const first: Array<() => Promise<void>> = [];
  return {
    ...db,
    beforeClose: (fn) => void first.push(fn),
    vanish: close,
    async close() {
      for (const fn of first.splice(0).reverse()) await fn();
      await close();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const target = inject("testDatabase");
  if (target.kind === "pglite") {
    const snapshot = new Blob([await fs.readFile(target.snapshotFile)]);
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://", loadDataDir: snapshot }, { migrate: false });
    return closingFirst(db, () => db.close());
  }

  const name = `precedent_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(target.adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  let db: Database;
  try {
    db = await openDatabase({ kind: "postgres", url: url.toString() });
  } catch (error) {
    await adminQuery(target.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  return closingFirst(db, async () => {
    await db.close();
    await adminQuery(target.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

async function adminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A test database for the whole file: opened before the first test, closed after the last. */
export function useTestDatabase(): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (!db) throw new Error("The test database is opened in beforeAll: call this getter inside a test or hook.");
    return db;
  };
}

/** Row counts of every table, to show that a refused request changed nothing. */
export async function countRows(db: Database) {
  const p = db.prisma;
  const [organizations, users, memberships, sessions, apiTokens, invitations, auditEvents] = await Promise.all([
    p.organization.count(),
    p.user.count(),
    p.membership.count(),
    p.session.count(),
    p.apiToken.count(),
    p.invitation.count(),
    p.auditEvent.count(),
  ]);
  return { organizations, users, memberships, sessions, apiTokens, invitations, auditEvents };
}
