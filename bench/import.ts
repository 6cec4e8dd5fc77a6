/**
 * Import benchmark: Word files through the library service into a fresh database and the
 * embedded search engine, as `npm run library:import -- FOLDER` does.
 *
 *   npm run bench:import                   # 1,000 generated .docx files
 *   npm run bench:import -- --files 100    # a quick look
 *   npm run bench:import -- --files 40 --meili   # Meilisearch (the pinned test binary) instead
 *
 * Generates seeded Word files (bench/docx-corpus.ts) in a temporary folder, opens an in-memory
 * PGlite and an in-memory MiniSearch, and imports the folder as an editor, timing each file
 * (read, convert, create the document, its first version and search event). Then it asks the
 * search service for every title's code name until each document is found, and reports the
 * time from the start of the import until all are searchable. Everything stays in this
 * process: nothing goes over the network. The temporary folder is removed at the end.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { collectLibraryFiles } from "../server/library/files.ts";
import { loadConfig } from "../server/config.ts";
import { createLogger } from "../server/logger.ts";
import { openServices } from "../server/open-services.ts";
import { createMeiliSearchEngine } from "../server/search/meilisearch-engine.ts";
import { createMiniSearchEngine } from "../server/search/minisearch-engine.ts";
import { createUser, viewerOf } from "../test/factories/users.ts";
import { startMeilisearch } from "../test/helpers/meilisearch.ts";
import { writeDocxCorpus } from "./docx-corpus.ts";
import { cores, ms, percentile, printTable, progress } from "./report.ts";

const SEED = 20261127;
/** Past this, the searchable check gives up and the bench fails: something is not being indexed. */
const SEARCHABLE_TIMEOUT_MS = 120_000;

const { values } = parseArgs({ options: { files: { type: "string", default: "1000" }, meili: { type: "boolean", default: false } }, strict: true });
const FILES = Number(values.files);
if (!Number.isInteger(FILES) || FILES < 1 || FILES > 100_000) {
  console.error("usage: npm run bench:import -- [--files N] [--meili]   (N from 1 to 100000, default 1000)");
  process.exit(2);
}

const dir = await mkdtemp(path.join(os.tmpdir(), "precedent-bench-import-"));
const meili = values.meili ? await startMeilisearch() : null;
if (meili && !meili.ok) {
  console.error(`Meilisearch cannot run here: ${meili.reason}`);
  process.exit(2);
}
const engine = meili?.ok ? createMeiliSearchEngine({ host: meili.server.host, apiKey: meili.server.apiKey, indexUid: "bench_import" }) : createMiniSearchEngine();
const config = loadConfig({ DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn" });
// The server's own services (one factory, ADR 025) over an in-memory database and the chosen index.
const { db: database, services, close } = await openServices({ config, logger: createLogger("warn"), role: "cli", searchEngine: engine });
try {
  const generateStart = performance.now();
  const corpus = await writeDocxCorpus(dir, { files: FILES, seed: SEED });
  const generateS = (performance.now() - generateStart) / 1000;
  const meanKb = corpus.reduce((n, f) => n + f.bytes, 0) / corpus.length / 1024;

  const prisma = database.prisma;
  await services.search.ready;
  const { library, search } = services;
  const { user } = await createUser(services.auth, { role: "EDITOR", organizationName: "Bench Law LLP" });
  const viewer = await viewerOf(prisma, user.id);

  const importStart = performance.now();
  const { sources, skipped: unreadable } = await collectLibraryFiles([dir]);
  const perFile: number[] = [];
  let last = importStart;
  const summary = await library.importFiles(viewer, sources, ({ done, total }) => {
    const now = performance.now();
    perFile.push(now - last);
    last = now;
    progress("importing", done, total);
  });
  const importMs = performance.now() - importStart;
  const failed = [...unreadable, ...summary.skipped];
  if (failed.length || summary.imported.length !== FILES) {
    throw new Error(`expected ${FILES} imported, got ${summary.imported.length}; skipped: ${JSON.stringify(failed.slice(0, 5))}`);
  }

  // Searchable: every document found by its code name, as a user would search for it.
  const unfound = new Map(corpus.map((f) => [f.codeName, f.title]));
  while (unfound.size) {
    if (performance.now() - importStart > SEARCHABLE_TIMEOUT_MS) throw new Error(`${unfound.size} documents still not searchable after ${SEARCHABLE_TIMEOUT_MS / 1000} s`);
    for (const [codeName, title] of unfound) {
      const result = await search.search(viewer, { q: codeName, limit: 5 });
      if (result.hits.some((hit) => hit.title === title)) unfound.delete(codeName);
    }
    progress("waiting until searchable", FILES - unfound.size, FILES);
    if (unfound.size) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const searchableMs = performance.now() - importStart;

  const sorted = [...perFile].sort((a, b) => a - b);
  console.log(
    `\nbench:import — ${FILES} generated .docx files (${meanKb.toFixed(1)} KB on average, ~6 numbered clauses, bullets, a table in every fifth; seed ${SEED}), ` +
      `generated in ${generateS.toFixed(1)} s; imported as an editor into PGlite in memory with ${meili?.ok ? "Meilisearch 1.21 on loopback" : "MiniSearch in process"}; ${cores()} cores.\n`,
  );
  printTable(
    ["files", "import", "files/s", "per file p50", "p95", "p99", "all searchable after", "of which after the import"],
    [
      [
        String(FILES),
        `${(importMs / 1000).toFixed(1)} s`,
        (FILES / (importMs / 1000)).toFixed(1),
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 95)),
        ms(percentile(sorted, 99)),
        `${(searchableMs / 1000).toFixed(1)} s`,
        ms(searchableMs - importMs),
      ],
    ],
  );
  console.log("\nPer file: read the .docx, convert it (mammoth → editor JSON), create the document with its Yjs state and audit event, queue it for search.");
} finally {
  await close();
  if (meili?.ok) await meili.server.stop();
  await rm(dir, { recursive: true, force: true });
}
