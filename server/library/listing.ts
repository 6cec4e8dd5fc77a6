import type { Viewer } from "../auth/viewer.ts";
import type { DocumentService } from "../documents/service.ts";

/**
 * The library page's list: a page of documents, each with how many mandates the viewer may read
 * use it ("Used by"), and the order "most used" when asked. Documents page by their own columns
 * and usage lives in the mandates domain, so sorting by usage reads the filtered documents (up to
 * USAGE_SORT_LIMIT, the most recently updated), counts their usage once and pages in memory: the
 * page says so when a library is larger.
 */
export const USAGE_SORT_LIMIT = 1000;
const PAGE_SIZE = 25;
const FETCH_PAGE_SIZE = 100;

type Query = Record<string, string | undefined>;
type UsageCounts = Record<string, { mandates: number; links: number }>;

export function createLibraryListing({
  documents,
  usageCounts,
}: {
  documents: Pick<DocumentService, "list">;
  /** From the mandates domain: links from mandates the viewer may read, per document. */
  usageCounts: (viewer: Viewer, documentIds: string[]) => Promise<UsageCounts>;
}) {
  async function byUsage(viewer: Viewer, query: Query) {
    const { sort: _sort, page: pageText, ...filters } = query;
    const first = await documents.list(viewer, { ...filters, pageSize: FETCH_PAGE_SIZE });
    const items = [...first.items];
    for (let p = 2; p <= first.pageCount && items.length < USAGE_SORT_LIMIT; p++) {
      items.push(...(await documents.list(viewer, { ...filters, pageSize: FETCH_PAGE_SIZE, page: p })).items);
    }
    const considered = items.slice(0, USAGE_SORT_LIMIT);
    const counts = await usageCounts(viewer, considered.map((d) => d.id));
    const usage = (id: string) => counts[id] ?? { mandates: 0, links: 0 };
    const sorted = considered
      .map((d, index) => ({ d, index }))
      .sort((a, b) => usage(b.d.id).mandates - usage(a.d.id).mandates || usage(b.d.id).links - usage(a.d.id).links || a.index - b.index)
      .map((x) => x.d);
    const pageCount = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
    const page = Math.min(pageCount, Math.max(1, Number.parseInt(pageText ?? "1", 10) || 1));
    return {
      items: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: first.total,
      page,
      pageCount,
      counts,
      usageLimit: first.total > USAGE_SORT_LIMIT ? USAGE_SORT_LIMIT : null,
    };
  }

  return {
    /** A page of the library with its "Used by" counts; `sort=usage` orders by them (then links, then as listed). */
    async listWithUsage(viewer: Viewer, query: Query) {
      if (query.sort === "usage") return byUsage(viewer, query);
      const page = await documents.list(viewer, query);
      return { ...page, counts: await usageCounts(viewer, page.items.map((d) => d.id)), usageLimit: null };
    },
  };
}
export type LibraryListing = ReturnType<typeof createLibraryListing>;
