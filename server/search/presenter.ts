import type { FacetName, SearchHit } from "./engine.ts";
import type { SearchOutcome } from "./service.ts";

/** The deep link to a hit: the document, and the heading or clause inside it. */
export function hitUrl(documentId: string, anchor: string | null): string {
  const base = `/documents/${encodeURIComponent(documentId)}`;
  return anchor ? `${base}#${encodeURIComponent(anchor)}` : base;
}

export function presentSearchHit(hit: SearchHit) {
  return {
    documentId: hit.documentId,
    title: hit.title,
    documentTitle: hit.documentTitle,
    kind: hit.kind,
    status: hit.status,
    /** PRIVILEGED hits are labelled as such (ADR 013). */
    confidentiality: hit.confidentiality,
    anchor: hit.anchor,
    url: hitUrl(hit.documentId, hit.anchor),
    clauseName: hit.clauseName,
    /** Escaped by the engine; only <mark> tags are markup. */
    highlights: { title: hit.highlights.title, body: hit.highlights.body },
    /** Query words this hit does not hold (partial matching): "Missing: …". */
    missing: hit.missing,
  };
}
export type PresentedSearchHit = ReturnType<typeof presentSearchHit>;

const FACET_ORDER: FacetName[] = ["kind", "status", "practiceArea", "jurisdictions", "tags"];

export function presentSearchResult(result: SearchOutcome) {
  const facets: Partial<Record<FacetName, { value: string; count: number }[]>> = {};
  for (const name of FACET_ORDER) {
    const counts = result.facets[name];
    if (!counts) continue;
    facets[name] = Object.entries(counts)
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return {
    hits: result.hits.map(presentSearchHit),
    facets,
    total: result.total,
    page: result.page,
    limit: result.limit,
    tookMs: result.tookMs,
    /** When nothing is found: a corrected query, and the filters that, dropped, would give hits. */
    suggestions: result.suggestions,
  };
}
export type PresentedSearchResult = ReturnType<typeof presentSearchResult>;
