import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { startMeilisearch } from "../../test/helpers/meilisearch.ts";
import { describeSearchEngineContract } from "./engine.contract.ts";
import { createMeiliSearchEngine } from "./meilisearch-engine.ts";

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
