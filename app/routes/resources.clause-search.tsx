import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { CLAUSE_PALETTE_RESULTS, type ClauseSearchHit } from "~/components/library-clauses/library-clause-api";
import { errorResponse, requireViewer } from "~/utils/auth.server";

/**
 * The clause palette's hits for what is typed (`?q=`): the clause search of the search page
 * (scope `clauses`, filtered by the viewer's readable scope inside the engine), limited to
 * published documents, since only a published text is copied (ADR 033).
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  try {
    const result = await context.services.search.search(viewer, { q, scope: "clauses", status: "PUBLISHED", limit: String(CLAUSE_PALETTE_RESULTS) });
    const hits: ClauseSearchHit[] = context.present.searchResult(result).hits.flatMap((hit) =>
      hit.anchor
        ? [{ documentId: hit.documentId, documentTitle: hit.documentTitle, kind: hit.kind, anchor: hit.anchor, title: hit.title, clauseName: hit.clauseName, body: hit.highlights.body }]
        : [],
    );
    return json({ hits }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    errorResponse(error);
  }
}
