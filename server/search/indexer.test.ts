import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { useTestDatabase } from "../../test/helpers/database.ts";
import { createLogger } from "../logger.ts";
import type { SearchEngine } from "./engine.ts";
import { createSearchIndexer } from "./indexer.ts";
import { createMiniSearchEngine } from "./minisearch-engine.ts";
import { createSearchOutbox } from "./outbox.ts";
import { toSearchRecords, INDEXABLE_SELECT } from "./records.ts";

// The indexer on a real database and the real embedded engine (in memory), counting the
// engine's writes. test/integration/search-durability.test.ts covers crashes and restarts.

const database = useTestDatabase();
const logger = createLogger("silent");
let organizationId: string;

function countingEngine(dataDir?: string) {
  const engine = createMiniSearchEngine({ dataDir });
  const writes: string[] = [];
  const write = engine.write.bind(engine);
  engine.write = async (batch) => {
    writes.push(`write:${batch.replace.map((r) => r.documentId).join(",")}|${batch.remove.join(",")}`);
    await write(batch);
  };
  return { engine, writes };
}

const createDocument = (title: string) =>
  database().prisma.document.create({ data: { organizationId, kind: "PLAYBOOK", title }, select: { id: true, updatedAt: true } });

/** A saved index holding these records, opened again as a restarted server would. */
async function savedIndex(records: Parameters<SearchEngine["upsert"]>[0]) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-indexer-"));
  const writer = createMiniSearchEngine({ dataDir });
  await writer.init();
  await writer.clear();
  await writer.upsert(records);
  await writer.close();
  const reopened = countingEngine(dataDir);
  await reopened.engine.init();
  expect(reopened.engine.needsRebuild()).toBe(false);
  return reopened.engine;
}

const titleIn = async (engine: SearchEngine, documentId: string) =>
  (await engine.indexedVersions()).has(documentId)
    ? (await database().prisma.document.findUniqueOrThrow({ where: { id: documentId } })).title
    : null;

beforeEach(async () => {
  const db = database().prisma;
  await db.searchOutbox.deleteMany();
  await db.document.deleteMany();
  const org = await db.organization.upsert({ where: { slug: "indexer-test" }, update: {}, create: { name: "Indexer", slug: "indexer-test", kind: "PROVIDER" } });
  organizationId = org.id;
});

describe("search indexer", () => {
  test("coalesces repeated events for one document into one engine write, and clears its outbox row", async () => {
    const doc = await createDocument("Coalesced");
    const { engine, writes } = countingEngine();
    const indexer = createSearchIndexer({ db: database().prisma, engine, logger, delayMs: 20 });
    for (let i = 0; i < 10; i++) indexer.enqueue(doc.id);
    await indexer.idle();
    expect(writes).toEqual([`write:${doc.id}|`]);
    expect(await titleIn(engine, doc.id)).toBe("Coalesced");
    await indexer.close();
    expect(await createSearchOutbox(database().prisma).pending()).toBe(0);
  });

  test("a batch of documents is one engine write", async () => {
    const docs = await Promise.all(Array.from({ length: 12 }, (_, i) => createDocument(`Batch ${i}`)));
    const { engine, writes } = countingEngine();
    const indexer = createSearchIndexer({ db: database().prisma, engine, logger, delayMs: 20 });
    for (const doc of docs) indexer.enqueue(doc.id);
    await indexer.idle();
    expect(writes).toHaveLength(1);
    expect((await engine.indexedVersions()).size).toBe(12);
  });

  test("an event for a document that is gone deletes its records", async () => {
    const doc = await createDocument("Doomed");
    const { engine } = countingEngine();
    const indexer = createSearchIndexer({ db: database().prisma, engine, logger, delayMs: 5 });
    indexer.enqueue(doc.id);
    await indexer.idle();
    expect(await engine.count()).toBe(1);
    await database().prisma.document.delete({ where: { id: doc.id } });
    indexer.enqueue(doc.id);
    await indexer.idle();
    expect(await engine.count()).toBe(0);
  });

  test("a request left by a process that died (claimed, never indexed) is indexed at the next start", async () => {
    const doc = await createDocument("Left behind");
    const outbox = createSearchOutbox(database().prisma);
    await outbox.request([doc.id]);
    expect(await outbox.claim(10, 60_000)).toHaveLength(1);
    // An index that already holds the document at its current version: only the outbox says it changed.
    const row = await database().prisma.document.findUniqueOrThrow({ where: { id: doc.id }, select: INDEXABLE_SELECT });
    const engine = await savedIndex(toSearchRecords({ ...row, title: "Old title" }));
    const indexer = createSearchIndexer({ db: database().prisma, engine, logger, delayMs: 5 });
    await indexer.start();
    await indexer.idle();
    const hits = await engine.search({
      q: "behind",
      scope: "documents",
      audience: { staffOrganizationIds: [organizationId], clientIds: [], memberOfClientIds: [] },
      filters: {},
      page: 1,
      limit: 5,
      facets: [],
    });
    expect(hits.hits.map((h) => h.title)).toEqual(["Left behind"]);
    await indexer.close();
    expect(await outbox.pending()).toBe(0);
  });

  test("start reconciles a saved index with the database: changed and missing documents indexed, vanished ones removed", async () => {
    const changed = await createDocument("Changed since");
    const missing = await createDocument("Never indexed");
    const row = await database().prisma.document.findUniqueOrThrow({ where: { id: changed.id }, select: INDEXABLE_SELECT });
    const engine = await savedIndex([
      ...toSearchRecords({ ...row, updatedAt: new Date(row.updatedAt.getTime() - 60_000) }),
      ...toSearchRecords({ ...row, id: "vanished" }),
    ]);
    expect(await engine.count()).toBe(2);

    const indexer = createSearchIndexer({ db: database().prisma, engine, logger, delayMs: 5 });
    await indexer.start();
    await indexer.idle();
    const versions = await engine.indexedVersions();
    expect([...versions.keys()].sort()).toEqual([changed.id, missing.id].sort());
    expect(versions.get(changed.id)).toBe(changed.updatedAt.getTime());
  });

  test("rebuild replaces the index in batches and reports progress; start rebuilds an empty index", async () => {
    await database().prisma.document.createMany({ data: Array.from({ length: 250 }, (_, i) => ({ organizationId, kind: "PLAYBOOK" as const, title: `Doc ${i}` })) });
    const { engine } = countingEngine();
    const indexer = createSearchIndexer({ db: database().prisma, engine, logger });
    const progress: string[] = [];
    const result = await indexer.rebuild((p) => progress.push(`${p.done}/${p.total}`));
    expect(result.documents).toBe(250);
    expect(progress).toEqual(["0/250", "100/250", "200/250", "250/250"]);
    expect((await engine.indexedVersions()).size).toBe(250);

    const fresh = createMiniSearchEngine();
    await fresh.init();
    const second = createSearchIndexer({ db: database().prisma, engine: fresh, logger });
    await second.start();
    await second.idle();
    expect((await fresh.indexedVersions()).size).toBe(250);
  });

  test("a document deleted while a rebuild runs does not come back with the rebuild's batch", async () => {
    const a = await createDocument("A");
    const b = await createDocument("B");
    const { engine } = countingEngine();
    const indexer = createSearchIndexer({ db: database().prisma, engine, logger, delayMs: 5 });
    const rebuild = engine.rebuild.bind(engine);
    // The batch is read, then the document is deleted before the batch is written.
    engine.rebuild = (fill) =>
      rebuild((upsert) =>
        fill(async (batch) => {
          await database().prisma.document.delete({ where: { id: a.id } });
          await indexer.removeDocument(a.id);
          await upsert(batch);
        }),
      );
    await indexer.rebuild();
    await indexer.idle();
    expect([...(await engine.indexedVersions()).keys()]).toEqual([b.id]);
  });
});
