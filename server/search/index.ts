export type { SearchEngine, SearchRecord, SearchQuery, SearchResult, SearchHit, SearchAudience, FacetName } from "./engine.ts";
export { createSearchIndexer, type SearchIndexer, type RebuildProgress } from "./indexer.ts";
export { toSearchRecords, INDEXABLE_SELECT, type IndexableDocument } from "./records.ts";
export { createSearchService, audienceOf, type SearchService } from "./service.ts";
export { SearchRequestSchema, type SearchRequest } from "./schema.ts";
export { presentSearchResult, presentSearchHit, hitUrl, type PresentedSearchResult, type PresentedSearchHit } from "./presenter.ts";
