import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { PALETTE_QUERY_MAX_LENGTH, PALETTE_RESULTS_PER_KIND, type PaletteResults } from "~/components/command-palette/palette-search";
import { errorResponse, requireViewer } from "~/utils/auth.server";

/**
 * The command palette's documents and mandates for what is typed (`?q=`): the library's and the
 * mandates list's own service calls, so a person finds exactly what those lists would show them.
 * Titles match word by word ("sup agr" finds "Supply agreement"); mandates also by reference.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim();
  if (q.length > PALETTE_QUERY_MAX_LENGTH) {
    return json({ error: { code: "invalid_request", message: `Keep the search to ${PALETTE_QUERY_MAX_LENGTH} characters.` } }, { status: 400 });
  }
  if (!q) return json({ documents: [], mandates: [] } satisfies PaletteResults);
  try {
    const query = { q, pageSize: PALETTE_RESULTS_PER_KIND };
    const [documents, mandates] = await Promise.all([context.services.documents.list(viewer, query), context.services.mandates.list(viewer, query)]);
    const present = context.present;
    const results: PaletteResults = {
      documents: documents.items.map((d) => {
        const doc = present.documentSummary(d, viewer);
        return { id: doc.id, title: doc.title, kind: doc.kind, client: doc.client?.name ?? null };
      }),
      mandates: mandates.items.map((m) => {
        const mandate = present.mandateSummary(m, viewer);
        return {
          id: mandate.id,
          title: mandate.title,
          reference: mandate.reference,
          client: mandate.client.name,
          needsBreakGlass: mandate.abilities.needsBreakGlass,
        };
      }),
    };
    return json(results, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    errorResponse(error);
  }
}
