// Compaction never blocks typing (ADR 023): a compaction of a large log runs while a real
// y-websocket client types, on the run's test database (PGlite, or PostgreSQL in CI's second
// pass) and on a real PostgreSQL server in every run. Every typed update reaches the other
// client within a generous bound, and every one is stored.
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Database } from "../../server/db/database.ts";
import { createDocumentStateStore } from "../../server/documents/state-store.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { startPostgres, type PostgresServer } from "../helpers/postgres.ts";
import { addParagraph, connectClient, createDocument, createMember, fragmentText, startCollab, waitFor } from "./collab-harness.ts";

/**
 * Rows in the log before typing starts: enough that merging them takes a while (on PostgreSQL,
 * more: its merge is faster, and a merge inside the transaction must be seen to stall typing).
 */
const LOG_ROWS = { test: 8000, postgres: 25_000 };
/** The stated bound: no typed update waits longer than this to reach the other client. */
const ROUND_TRIP_BOUND_MS = 1000;

const testDb = useTestDatabase();
let postgres: PostgresServer;
let pgDatabase: { db: Database; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  postgres = await startPostgres();
  const { url, drop } = await postgres.createDatabase();
  pgDatabase = { db: await openDatabase({ kind: "postgres", url }, { migrate: true }), drop };
}, 120_000);

afterAll(async () => {
  await pgDatabase?.db.close();
  await pgDatabase?.drop();
  await postgres?.stop();
});

/** A large log: `count` small updates, each a character typed into one paragraph. */
async function fillLog(db: Database, documentId: string, count: number) {
  const doc = new Y.Doc();
  const rows: Array<{ documentId: string; data: Uint8Array<ArrayBuffer> }> = [];
  doc.on("update", (u: Uint8Array) => rows.push({ documentId, data: new Uint8Array(u) }));
  const text = new Y.XmlText();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [text]);
  doc.getXmlFragment("default").push([paragraph]);
  for (let i = 0; i < count - 1; i++) text.insert(text.length, "x");
  for (let i = 0; i < rows.length; i += 2000) await db.prisma.documentUpdate.createMany({ data: rows.slice(i, i + 2000) });
  doc.destroy();
  return rows.length;
}

async function compactWhileTyping(db: Database, logRows: number) {
  const harness = await startCollab(db, { limits: { compactAfterUpdates: 1_000_000 } });
  const editor = await createMember(db, harness.services, "EDITOR");
  const document = await createDocument(db, { organizationId: editor.organization.id });
  const logged = await fillLog(db, document.id, logRows);
  const a = connectClient(harness.wsUrl, document.id, { token: editor.token });
  const b = connectClient(harness.wsUrl, document.id, { token: editor.token });
  try {
    await waitFor(() => a.provider.synced && b.provider.synced, { timeoutMs: 60_000, what: "both clients to sync" });
    const store = createDocumentStateStore({ db: db.prisma });

    let compactionDone = false;
    const started = Date.now();
    const compaction = store.compact(document.id).finally(() => (compactionDone = true));
    const roundTrips: number[] = [];
    let typedDuringCompaction = 0;
    for (let i = 1; i <= 400 && (!compactionDone || i <= 20); i++) {
      const sent = Date.now();
      if (!compactionDone) typedDuringCompaction += 1;
      addParagraph(a.doc, `Typed ${i}`);
      await waitFor(() => fragmentText(b.doc).endsWith(`Typed ${i}`), { timeoutMs: 10_000, what: `B to see line ${i}` });
      roundTrips.push(Date.now() - sent);
    }
    const result = await compaction;
    const compactionMs = Date.now() - started;

    // The compaction merged the old log and ran while typing went on; no update waited on it.
    expect(result.merged).toBeGreaterThanOrEqual(logged);
    expect(typedDuringCompaction, `compaction took ${compactionMs} ms`).toBeGreaterThan(0);
    expect(Math.max(...roundTrips), `round trips (ms): ${roundTrips.join(", ")}`).toBeLessThan(ROUND_TRIP_BOUND_MS);

    // Every typed update is stored: a fresh load from the database holds every line.
    const stored = fragmentText(await store.load(document.id)).split("\n");
    expect(stored.slice(1)).toEqual(roundTrips.map((_, i) => `Typed ${i + 1}`));
    expect(stored[0]).toBe("x".repeat(logRows - 1));
  } finally {
    a.destroy();
    b.destroy();
    await harness.close();
  }
}

describe("compaction while typing", () => {
  test("on the test database", { timeout: 180_000 }, () => compactWhileTyping(testDb(), LOG_ROWS.test));
  test("on PostgreSQL", { timeout: 180_000 }, () => compactWhileTyping(pgDatabase!.db, LOG_ROWS.postgres));
});
