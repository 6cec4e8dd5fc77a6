import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "../../server/auth/index.ts";

// The document service pages by its own columns; usage lives in the mandates domain. Sorting the
// library by usage therefore reads the filtered documents (up to usageCounts' 1,000 ids), counts
// their usage once and pages in memory. A library past 1,000 matching documents sorts its
// 1,000 most recently updated: the hint says so.
const PAGE_SIZE = 25;
const FETCH_PAGE_SIZE = 100;
export const USAGE_SORT_LIMIT = 1000;

type Query = Record<string, string | undefined>;

/** One page of the library sorted by how many mandates use each document (then by links, then as listed). */
export async function listByUsage(context: AppLoadContext, viewer: Viewer, query: Query) {
  const { documents, mandates } = context.services;
  const { sort: _sort, page: pageText, ...filters } = query;
  const first = await documents.list(viewer, { ...filters, pageSize: FETCH_PAGE_SIZE });
  const items = [...first.items];
  for (let p = 2; p <= first.pageCount && items.length < USAGE_SORT_LIMIT; p++) {
    items.push(...(await documents.list(viewer, { ...filters, pageSize: FETCH_PAGE_SIZE, page: p })).items);
  }
  const considered = items.slice(0, USAGE_SORT_LIMIT);
  const counts = await mandates.usageCounts(viewer, considered.map((d) => d.id));
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
    truncated: first.total > USAGE_SORT_LIMIT,
  };
}
