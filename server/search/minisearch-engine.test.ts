import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { buildSearchQuery, buildSearchRecord, describeSearchEngineContract } from "./engine.contract.ts";
import { createMiniSearchEngine, MINISEARCH_INDEX_FILE, MINISEARCH_SCHEMA_VERSION } from "./minisearch-engine.ts";

describeSearchEngineContract("minisearch", () => createMiniSearchEngine());

describe("minisearch persistence", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-minisearch-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  test("close() writes the index; the next init() loads it and needs no rebuild", async () => {
    const dataDir = await tempDir();
    const first = createMiniSearchEngine({ dataDir });
    await first.init();
    expect(first.needsRebuild()).toBe(true);
    await first.upsert([buildSearchRecord({ documentId: "d1", title: "Indemnification playbook" })]);
    await first.close();
    const saved = JSON.parse(await fs.readFile(path.join(dataDir, MINISEARCH_INDEX_FILE), "utf8")) as { version: number };
    expect(saved.version).toBe(MINISEARCH_SCHEMA_VERSION);
    expect((await fs.readdir(path.join(dataDir, "search"))).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const second = createMiniSearchEngine({ dataDir });
    await second.init();
    expect(second.needsRebuild()).toBe(false);
    expect((await second.search(buildSearchQuery("indemnfication"))).hits.map((h) => h.id)).toEqual(["doc_d1"]);
    await second.close();
  });

  test("a change is saved after the debounce without a close", async () => {
    const dataDir = await tempDir();
    const engine = createMiniSearchEngine({ dataDir, persistDebounceMs: 20 });
    await engine.init();
    await engine.upsert([buildSearchRecord({ documentId: "d1", title: "Escrow" })]);
    await new Promise((r) => setTimeout(r, 150));
    await expect(fs.stat(path.join(dataDir, MINISEARCH_INDEX_FILE))).resolves.toBeTruthy();
    await engine.close();
  });

  test("an index saved by another schema version, or unreadable, is dropped and reported for rebuild", async () => {
    const dataDir = await tempDir();
    const file = path.join(dataDir, MINISEARCH_INDEX_FILE);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify({ version: MINISEARCH_SCHEMA_VERSION + 1, records: [], index: {} }));
    const engine = createMiniSearchEngine({ dataDir });
    await engine.init();
    expect(engine.needsRebuild()).toBe(true);
    expect(await engine.count()).toBe(0);
    await engine.clear();
    expect(engine.needsRebuild()).toBe(false);
    await engine.close();

    await fs.writeFile(file, "{ not json");
    const broken = createMiniSearchEngine({ dataDir });
    const warn = console.warn;
    console.warn = () => {};
    try {
      await broken.init();
    } finally {
      console.warn = warn;
    }
    expect(broken.needsRebuild()).toBe(true);
  });

  test("an index saved before records carried their client (version 2) is dropped and rebuilt, never read as house knowledge", async () => {
    const dataDir = await tempDir();
    const file = path.join(dataDir, MINISEARCH_INDEX_FILE);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const { clientOrganizationId: _client, confidentiality: _marking, ...old } = buildSearchRecord({ documentId: "d1", title: "Apex advice" });
    await fs.writeFile(file, JSON.stringify({ version: 2, savedAt: Date.now(), records: [old] }));
    const engine = createMiniSearchEngine({ dataDir });
    await engine.init();
    expect(MINISEARCH_SCHEMA_VERSION).toBeGreaterThan(2);
    expect(engine.needsRebuild()).toBe(true);
    expect(await engine.count()).toBe(0);
    await engine.close();
  });

  test("a write made while the saved index loads is kept, not overwritten by the saved copy", async () => {
    const dataDir = await tempDir();
    const first = createMiniSearchEngine({ dataDir });
    await first.init();
    await first.upsert([buildSearchRecord({ documentId: "d1", title: "Old wombat title" })]);
    await first.close();

    const second = createMiniSearchEngine({ dataDir });
    const initialising = second.init();
    // The indexer may deliver an edit before the saved index has been read.
    const writing = second.upsert([buildSearchRecord({ documentId: "d1", title: "New quokka title" })]);
    await Promise.all([initialising, writing]);
    expect((await second.search(buildSearchQuery("quokka"))).hits.map((h) => h.id)).toEqual(["doc_d1"]);
    expect((await second.search(buildSearchQuery("wombat"))).hits).toEqual([]);
    await second.close();
  });

  test("continuous changes are still saved: within the maximum wait, not only after the last change", async () => {
    const dataDir = await tempDir();
    const engine = createMiniSearchEngine({ dataDir, persistDebounceMs: 200, persistMaxWaitMs: 300 });
    await engine.init();
    // A change every 30 ms for 1.5 s (five times the maximum wait): the debounce alone never fires.
    let saved = false;
    for (let i = 0; i < 50 && !saved; i++) {
      await engine.upsert([buildSearchRecord({ documentId: "d1", title: `Typing ${i}` })]);
      await new Promise((r) => setTimeout(r, 30));
      saved = await fs.stat(path.join(dataDir, MINISEARCH_INDEX_FILE)).then(() => true, () => false);
    }
    expect(saved).toBe(true);
    await engine.close();
  });

  test("a failed save does not stop later saves: the file then holds the later document", async () => {
    const dataDir = await tempDir();
    const file = path.join(dataDir, MINISEARCH_INDEX_FILE);
    const engine = createMiniSearchEngine({ dataDir, persistDebounceMs: 20 });
    await engine.init();
    // A directory where the file goes: renaming the written copy onto it fails.
    await fs.mkdir(path.join(file, "blocker"), { recursive: true });
    await engine.upsert([buildSearchRecord({ documentId: "d1", title: "First" })]);
    const warn = console.warn;
    console.warn = () => {};
    try {
      await expect(engine.flush()).rejects.toThrow();
    } finally {
      console.warn = warn;
    }
    const durable = engine.durable();
    await fs.rm(file, { recursive: true });
    await engine.upsert([buildSearchRecord({ documentId: "d2", title: "Second" })]);
    await engine.flush();
    await durable;
    const saved = JSON.parse(await fs.readFile(file, "utf8")) as { records: { documentId: string }[] };
    expect(saved.records.map((r) => r.documentId).sort()).toEqual(["d1", "d2"]);
    await engine.close();
  });
});
