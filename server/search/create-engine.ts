/**
 * Picks the search engine from config.search: Meilisearch when MEILI_HOST is set, otherwise the
 * embedded MiniSearch index in the data folder. Both report `needsRebuild()` so the indexer knows
 * to rebuild from the database (server/search/indexer.ts).
 */
import path from "node:path";
import type { Config } from "../config.ts";
import type { SearchEngine } from "./engine.ts";
import { createMeiliSearchEngine } from "./meilisearch-engine.ts";
import { createMiniSearchEngine, MINISEARCH_INDEX_FILE } from "./minisearch-engine.ts";

export type RebuildableSearchEngine = SearchEngine & { needsRebuild(): boolean };

export const MEILISEARCH_INDEX_UID = "precedent";

export function createSearchEngine(
  search: Config["search"],
  options: { inMemory?: boolean; meiliIndexUid?: string } = {},
): RebuildableSearchEngine {
  if (search.kind === "meilisearch") {
    return createMeiliSearchEngine({ host: search.host, apiKey: search.apiKey, indexUid: options.meiliIndexUid ?? MEILISEARCH_INDEX_UID });
  }
  if (options.inMemory) return createMiniSearchEngine();
  // config.search.dataDir is `<DATA_DIR>/search`; the engine takes DATA_DIR and writes
  // `<DATA_DIR>/search/minisearch.json`.
  const dataDir = path.dirname(search.dataDir);
  if (path.join(dataDir, MINISEARCH_INDEX_FILE) !== path.join(search.dataDir, path.basename(MINISEARCH_INDEX_FILE))) {
    throw new Error(`search.dataDir must end in "${path.dirname(MINISEARCH_INDEX_FILE)}": ${search.dataDir}`);
  }
  return createMiniSearchEngine({ dataDir });
}
