import { readableScope } from "../auth/scope.ts";
import type { Viewer } from "../auth/viewer.ts";
import { parseInput } from "../validation.ts";
import { FACET_NAMES, type SearchAudience, type SearchEngine, type SearchQuery, type SearchResult } from "./engine.ts";
import { SearchRequestSchema, type SearchRequest } from "./schema.ts";

/**
 * Who is asking, as the engine's audience filter: the viewer's readableScope (server/auth/scope.ts),
 * applied inside the engine query, so paging, totals, facet counts and highlights only ever see
 * what `can(viewer, "read", document)` allows. No rule is restated here.
 */
export function audienceOf(viewer: Viewer): SearchAudience {
  const { staffOrganizationIds, clientIds, memberOfClientIds } = readableScope(viewer);
  return { staffOrganizationIds, clientIds, memberOfClientIds };
}

export function toEngineQuery(viewer: Viewer, request: SearchRequest): SearchQuery {
  const filters: SearchQuery["filters"] = {};
  if (request.kind.length) filters.kind = request.kind;
  if (request.status.length) filters.status = request.status;
  if (request.jurisdiction.length) filters.jurisdiction = request.jurisdiction;
  if (request.practiceArea.length) filters.practiceArea = request.practiceArea;
  if (request.tag.length) filters.tag = request.tag;
  return {
    q: request.q,
    scope: request.scope,
    audience: audienceOf(viewer),
    filters,
    page: request.page,
    limit: request.limit,
    facets: [...FACET_NAMES],
  };
}

/** The request's filters by name, as /api/v1/search takes them. */
export const FILTER_NAMES = ["kind", "status", "jurisdiction", "practiceArea", "tag"] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/**
 * When nothing is found: the query the index's own words suggest ("did you mean"), and each
 * filter that, dropped alone, would give hits, with how many.
 */
export type SearchSuggestions = { didYouMean: string | null; withoutFilter: { filter: FilterName; total: number }[] };

export type SearchOutcome = SearchResult & { request: SearchRequest; suggestions: SearchSuggestions };

const NO_SUGGESTIONS: SearchSuggestions = { didYouMean: null, withoutFilter: [] };

/** Only on an empty first page with words typed: a few more engine calls, never on a normal search. */
async function suggestionsFor(engine: SearchEngine, viewer: Viewer, request: SearchRequest, query: SearchQuery): Promise<SearchSuggestions> {
  if (request.q === "") return NO_SUGGESTIONS;
  const didYouMean = await engine.suggest(query);
  const withoutFilter: SearchSuggestions["withoutFilter"] = [];
  for (const filter of FILTER_NAMES) {
    if (request[filter].length === 0) continue;
    const relaxed = await engine.search({ ...toEngineQuery(viewer, { ...request, [filter]: [], page: 1, limit: 1 }), facets: [] });
    if (relaxed.total > 0) withoutFilter.push({ filter, total: relaxed.total });
  }
  return { didYouMean, withoutFilter };
}

export function createSearchService({ engine, ready = Promise.resolve() }: { engine: SearchEngine; ready?: Promise<void> }) {
  return {
    engine,
    /** Resolves once the engine is initialised (the index may still be rebuilding in the background). */
    ready,
    /** Validates the raw query (400 invalid_request), then asks the engine as this viewer. */
    async search(viewer: Viewer, raw: unknown): Promise<SearchOutcome> {
      const request = parseInput(SearchRequestSchema, raw);
      const audience = audienceOf(viewer);
      if (!audience.staffOrganizationIds.length && !audience.memberOfClientIds.length) {
        return { hits: [], total: 0, page: request.page, limit: request.limit, facets: {}, tookMs: 0, request, suggestions: NO_SUGGESTIONS };
      }
      await ready;
      const query = toEngineQuery(viewer, request);
      const result = await engine.search(query);
      const suggestions = result.total === 0 ? await suggestionsFor(engine, viewer, request, query) : NO_SUGGESTIONS;
      return { ...result, request, suggestions };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
