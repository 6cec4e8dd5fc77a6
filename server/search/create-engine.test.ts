import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../config.ts";
import { createSearchEngine } from "./create-engine.ts";
import { buildSearchRecord } from "./engine.contract.ts";

describe("createSearchEngine", () => {
  test("picks Meilisearch when MEILI_HOST is set", () => {
    const config = loadConfig({ MEILI_HOST: "http://127.0.0.1:7700", MEILI_API_KEY: "k" });
    expect(createSearchEngine(config.search).name).toBe("meilisearch");
  });

  test("otherwise the embedded index, saved under DATA_DIR/search", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-engine-"));
    try {
      const engine = createSearchEngine(loadConfig({ DATA_DIR: dataDir }).search);
      expect(engine.name).toBe("minisearch");
      await engine.init();
      expect(engine.needsRebuild()).toBe(true);
      await engine.upsert([buildSearchRecord({ documentId: "d1" })]);
      await engine.close();
      await expect(fs.stat(path.join(dataDir, "search", "minisearch.json"))).resolves.toBeTruthy();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
