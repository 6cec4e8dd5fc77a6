import { randomBytes } from "node:crypto";
import { afterAll, describe } from "vitest";
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
