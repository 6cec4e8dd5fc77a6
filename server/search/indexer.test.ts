import { describe, expect, test } from "vitest";
import type { Db } from "../db/database.ts";
import { createLogger } from "../logger.ts";
import type { SearchEngine, SearchRecord } from "./engine.ts";
import { createSearchIndexer } from "./indexer.ts";
import type { IndexableDocument } from "./records.ts";

// Only the queue's bookkeeping is tested here, against a tiny in-file engine and table.
// test/integration/search-api.test.ts runs the indexer on a real database and MiniSearch.

function fakeEngine() {
  const records = new Map<string, SearchRecord>();
  const calls: string[] = [];
  const engine: SearchEngine = {
    name: "minisearch",
    async init() {},
    async upsert(rs) {
      calls.push(`upsert:${rs.length}`);
      for (const r of rs) records.set(r.id, r);
    },
    async deleteDocument(id) {
      calls.push(`delete:${id}`);
      for (const [k, r] of records) if (r.documentId === id) records.delete(k);
    },
    async replaceDocument(id, rs) {
      calls.push(`replace:${id}`);
      for (const [k, r] of records) if (r.documentId === id) records.delete(k);
      for (const r of rs) records.set(r.id, r);
    },
    async search() {
      throw new Error("not used");
    },
    async clear() {
      calls.push("clear");
      records.clear();
    },
    async count() {
      return records.size;
    },
    async health() {
      return { ok: true };
    },
    async close() {},
  };
  return { engine, records, calls };
}

function fakeDb(rows: Map<string, IndexableDocument>) {
  let reads = 0;
  const sorted = () => [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));
  const db = {
    document: {
      async findUnique({ where }: { where: { id: string } }) {
        reads++;
        return rows.get(where.id) ?? null;
      },
      async count() {
        return rows.size;
      },
      async findMany({ take, cursor }: { take: number; cursor?: { id: string } }) {
        const all = sorted();
        const start = cursor ? all.findIndex((r) => r.id === cursor.id) + 1 : 0;
        return all.slice(start, start + take);
      },
    },
  };
  return { db: db as unknown as Db, reads: () => reads };
}

const row = (id: string, title = `Document ${id}`): IndexableDocument => ({
  id,
  organizationId: "prov",
  kind: "PRECEDENT",
  title,
  summary: "",
  practiceArea: null,
  jurisdictions: [],
  tags: [],
  ownerId: null,
  status: "PUBLISHED",
  visibility: "INTERNAL",
  contentText: "",
  sections: [],
  publishedVersion: null,
  updatedAt: new Date(),
  shares: [],
  clientOrganizationId: null,
  confidentiality: "HOUSE",
  toolkitItems: [],
});

describe("search indexer", () => {
  test("coalesces repeated events for one document into one read and one replace", async () => {
    const rows = new Map([["a", row("a")]]);
    const { engine, calls, records } = fakeEngine();
    const { db, reads } = fakeDb(rows);
    const indexer = createSearchIndexer({ db, engine, logger: createLogger("silent"), delayMs: 20 });
    for (let i = 0; i < 10; i++) indexer.enqueue("a");
    await indexer.idle();
    expect(reads()).toBe(1);
    expect(calls).toEqual(["replace:a"]);
    expect(records.get("doc_a")?.title).toBe("Document a");
  });

  test("an event for a document that is gone deletes its records", async () => {
    const rows = new Map([["a", row("a")]]);
    const { engine, records } = fakeEngine();
    const { db } = fakeDb(rows);
    const indexer = createSearchIndexer({ db, engine, logger: createLogger("silent"), delayMs: 5 });
    indexer.enqueue("a");
    await indexer.idle();
    rows.delete("a");
    indexer.enqueue("a");
    await indexer.idle();
    expect(records.size).toBe(0);
  });

  test("an event while a drain runs is indexed afterwards, with the newer row", async () => {
    const rows = new Map([["a", row("a", "first")]]);
    const { engine, records } = fakeEngine();
    const { db } = fakeDb(rows);
    const indexer = createSearchIndexer({ db, engine, logger: createLogger("silent"), delayMs: 5 });
    indexer.enqueue("a");
    await new Promise((r) => setTimeout(r, 6));
    rows.set("a", row("a", "second"));
    indexer.enqueue("a");
    await indexer.idle();
    expect(records.get("doc_a")?.title).toBe("second");
  });

  test("rebuild clears, upserts in batches and reports progress; start rebuilds an empty index", async () => {
    const rows = new Map(Array.from({ length: 250 }, (_, i) => [`d${String(i).padStart(3, "0")}`, row(`d${String(i).padStart(3, "0")}`)]));
    const { engine, calls, records } = fakeEngine();
    const { db } = fakeDb(rows);
    const indexer = createSearchIndexer({ db, engine, logger: createLogger("silent") });
    const progress: string[] = [];
    const result = await indexer.rebuild((p) => progress.push(`${p.done}/${p.total}`));
    expect(result).toEqual({ documents: 250, records: 250 });
    expect(progress).toEqual(["0/250", "100/250", "200/250", "250/250"]);
    expect(calls).toEqual(["clear", "upsert:100", "upsert:100", "upsert:50"]);

    records.clear();
    await indexer.start();
    await indexer.idle();
    expect(records.size).toBe(250);
  });

  test("a document deleted while a rebuild runs does not come back with the rebuild's batch", async () => {
    const rows = new Map([["a", row("a")], ["b", row("b")]]);
    const { engine, records } = fakeEngine();
    const { db } = fakeDb(rows);
    // The batch is read, then the document is deleted before the batch is written.
    const upsert = engine.upsert.bind(engine);
    const indexer = createSearchIndexer({ db, engine, logger: createLogger("silent"), delayMs: 5 });
    engine.upsert = async (batch) => {
      rows.delete("a");
      await indexer.removeDocument("a");
      await upsert(batch);
    };
    await indexer.rebuild();
    await indexer.idle();
    expect([...records.keys()]).toEqual(["doc_b"]);
  });
});
