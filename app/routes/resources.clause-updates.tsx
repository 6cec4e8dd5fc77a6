import { json, type ActionFunctionArgs } from "@remix-run/node";
import { errorResponse, requireViewer } from "~/utils/auth.server";

/**
 * POST `{ sources: [{ sourceDocumentId, sourceVersionId, sourceClause }] }`, the library clauses an
 * open document holds: those whose source has since published a different clause, each with its
 * redline and new text. Sources the viewer may not read are left out (ADR 033).
 */
export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const body: unknown = await request.json().catch(() => null);
  try {
    const updates = await context.services.documents.sourceUpdates(viewer, body);
    return json({ updates: updates.map(context.present.clauseSourceUpdate) }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    errorResponse(error);
  }
}
