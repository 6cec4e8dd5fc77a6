import type { Viewer } from "../auth/viewer.ts";
import { parseInput } from "../validation.ts";
import { FACET_NAMES, type SearchAudience, type SearchEngine, type SearchQuery, type SearchResult } from "./engine.ts";
import { SearchRequestSchema, type SearchRequest } from "./schema.ts";

/**
 * Who is asking, as the engine's audience filter: visibility is applied inside the engine
 * query, so paging, totals and facet counts only ever see what the viewer may read. Mirrors
 * `can(viewer, "read", document)`: provider staff (ADMIN, EDITOR, VIEWER) read their
 * organisation's documents; client members read what is shared with their organisation; someone
 * who is both reads both.
 */
export function audienceOf(viewer: Viewer): SearchAudience {
  const of = (client: boolean) => viewer.memberships.filter((m) => (m.role === "CLIENT") === client).map((m) => m.organizationId);
  return { providerOrganizationIds: of(false), clientOrganizationIds: of(true) };
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

export type SearchOutcome = SearchResult & { request: SearchRequest };

export function createSearchService({ engine, ready = Promise.resolve() }: { engine: SearchEngine; ready?: Promise<void> }) {
  return {
    engine,
    /** Resolves once the engine is initialised (the index may still be rebuilding in the background). */
    ready,
    /** Validates the raw query (400 invalid_request), then asks the engine as this viewer. */
    async search(viewer: Viewer, raw: unknown): Promise<SearchOutcome> {
      const request = parseInput(SearchRequestSchema, raw);
      const audience = audienceOf(viewer);
      if (!audience.providerOrganizationIds.length && !audience.clientOrganizationIds.length) {
        return { hits: [], total: 0, page: request.page, limit: request.limit, facets: {}, tookMs: 0, request };
      }
      await ready;
      const result = await engine.search(toEngineQuery(viewer, request));
      return { ...result, request };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
