// npm run search:reindex
//
// Rebuilds the search index from the database: indexes every document (one record per document,
// one per heading and clause) in batches, with progress on stderr. On Meilisearch into a new index
// swapped in at the end, so searches keep answering meanwhile (ADR 024).
//
// The embedded engine keeps its index in the data folder (DATA_DIR/search) and the server holds
// it in memory: stop the server first, or it overwrites the rebuilt index when it next saves.
// With the embedded database the data folder is locked, so a running server is detected and
// the command refuses (exit 75). With MEILI_HOST set the rebuild can run while the server does.
//
// Exit codes: 0 done · 75 the embedded database is in use by another process (nothing changed)
// · 78 bad environment · 1 anything else.
import { createLogger } from "../server/logger.ts";
import { loadConfigOrExit, openServicesOrExit, progressBar, runMain } from "./cli.ts";

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log("usage: npm run search:reindex\n\nRebuilds the search index from the database. Stop the server first when it uses the embedded index (no MEILI_HOST).");
    process.exit(0);
  }
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === "debug" ? "debug" : "warn");
  const { services, close } = await openServicesOrExit(config, logger);
  if (config.search.kind === "embedded" && config.database.kind === "postgres") {
    console.error("Note: the embedded index lives in the data folder; make sure the server is stopped, or it will overwrite this rebuild.");
  }

  let code = 0;
  const started = Date.now();
  try {
    // A rebuild the services started by themselves (an empty or outdated index) finishes first.
    await services.search.ready;
    await services.search.indexer.idle();
    const result = await services.search.indexer.rebuild(({ done, total }) => progressBar(done, total, "documents"));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const where = config.search.kind === "embedded" ? `embedded index in ${config.dataDir}` : `Meilisearch at ${config.search.host}`;
    console.log(`Indexed ${result.documents} documents (${result.records} records: documents, headings and clauses) in ${seconds} s.`);
    console.log(`  Search: ${where} (${config.search.kind})`);
  } catch (error) {
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.error(`The rebuild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    code = 1;
  } finally {
    // Saves the rebuilt index (the embedded engine, to the data folder).
    await close();
  }
  process.exit(code);
}

runMain(main);
