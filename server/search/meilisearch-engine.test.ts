import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, describe, expect, test } from "vitest";
import { startMeilisearch } from "../../test/helpers/meilisearch.ts";
import { buildSearchQuery, buildSearchRecord, describeSearchEngineContract } from "./engine.contract.ts";
import { createMeiliSearchEngine, meiliHttpClient } from "./meilisearch-engine.ts";

// A real Meilisearch 1.21 (the pinned, hash-checked binary), started once for this file.
const started = await startMeilisearch();

if (started.ok) {
  const { server } = started;
  afterAll(async () => {
    await server.stop();
  });
  describeSearchEngineContract("meilisearch", () =>
    createMeiliSearchEngine({ host: server.host, apiKey: server.apiKey, indexUid: `contract_${randomBytes(4).toString("hex")}` }),
  );

  test("an index holding records of an older format (no client field) is reported for rebuild", async () => {
    const indexUid = `format_${randomBytes(4).toString("hex")}`;
    const open = async () => {
      const engine = createMeiliSearchEngine({ host: server.host, apiKey: server.apiKey, indexUid });
      await engine.init();
      return engine;
    };
    const first = await open();
    expect(first.needsRebuild()).toBe(true);
    await first.upsert([buildSearchRecord({ documentId: "d1", title: "Current format" })]);
    expect((await open()).needsRebuild()).toBe(false);

    // A record as the previous release wrote it: no clientOrganizationId, confidentiality or recordFormat.
    const { clientOrganizationId: _client, confidentiality: _marking, ...old } = buildSearchRecord({ documentId: "d0", title: "Old format" });
    const raw = new Meilisearch({ host: server.host, apiKey: server.apiKey, httpClient: meiliHttpClient });
    const task = await raw.index(indexUid).addDocuments([{ ...old, statusRank: 3 }], { primaryKey: "id" }).waitTask();
    expect(task.status).toBe("succeeded");
    const reopened = await open();
    expect(reopened.needsRebuild()).toBe(true);
    await reopened.clear();
    expect(reopened.needsRebuild()).toBe(false);
  });

  test("a batch of documents is written in one add task, not one per document", async () => {
    const indexUid = `batch_${randomBytes(4).toString("hex")}`;
    const engine = createMeiliSearchEngine({ host: server.host, apiKey: server.apiKey, indexUid });
    await engine.init();
    const raw = new Meilisearch({ host: server.host, apiKey: server.apiKey, httpClient: meiliHttpClient });
    const tasksOf = async (type: string) => (await raw.tasks.getTasks({ indexUids: [indexUid], types: [type as "documentAdditionOrUpdate"], limit: 1000 })).results.length;
    const before = await tasksOf("documentAdditionOrUpdate");
    const documents = Array.from({ length: 20 }, (_, i) => `batch${i}`);
    await engine.write({ replace: documents.map((documentId) => ({ documentId, records: [buildSearchRecord({ documentId, title: `Batch ${documentId}` })] })), remove: [] });
    expect((await tasksOf("documentAdditionOrUpdate")) - before).toBe(1);
    expect(await engine.count()).toBe(20);
    await engine.write({ replace: [], remove: documents.slice(0, 10) });
    expect(await engine.count()).toBe(10);
    await engine.close();
  });

  test("a rebuild fills a new index and swaps it in: searches keep answering while it runs", async () => {
    const indexUid = `swap_${randomBytes(4).toString("hex")}`;
    const engine = createMeiliSearchEngine({ host: server.host, apiKey: server.apiKey, indexUid });
    await engine.init();
    await engine.upsert([buildSearchRecord({ documentId: "old", title: "Wombat old" })]);
    const seen: number[] = [];
    await engine.rebuild(async (upsert) => {
      for (let i = 0; i < 3; i++) {
        // Mid-rebuild: the live index still answers with what it held.
        seen.push((await engine.search(buildSearchQuery("wombat"))).total);
        await upsert([buildSearchRecord({ documentId: `new${i}`, title: `Wombat new ${i}` })]);
      }
    });
    expect(seen).toEqual([1, 1, 1]);
    const after = await engine.search(buildSearchQuery("wombat"));
    expect(after.hits.map((h) => h.documentId).sort()).toEqual(["new0", "new1", "new2"]);
    const raw = new Meilisearch({ host: server.host, apiKey: server.apiKey, httpClient: meiliHttpClient });
    expect((await raw.getIndexes({ limit: 1000 })).results.map((i) => i.uid).filter((u) => u.startsWith(indexUid))).toEqual([indexUid]);
    await engine.close();
  });

} else {
  const banner = "!".repeat(78);
  console.warn(`\n${banner}\n!! SKIPPING the Meilisearch half of the search contract:\n!! ${started.reason}\n${banner}\n`);
  describe.skip("search engine contract: meilisearch (binary cannot run here)", () => {});
}

describe("meilisearch test helper", () => {
  test("refuses to run a binary whose sha256 is not the pinned one", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-fake-meili-"));
    try {
      const fake = path.join(dir, "meilisearch");
      await fs.writeFile(fake, "#!/bin/sh\necho pwned\n", { mode: 0o755 });
      const result = await startMeilisearch({ binaryPath: fake });
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.reason).toMatch(/refusing to run .*sha256/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
