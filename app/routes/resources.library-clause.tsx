import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, requireViewer } from "~/utils/auth.server";

/**
 * One clause of a published document, as the clause position to insert (`?documentId=&anchor=`):
 * 404 when the viewer may not read the document, 409 when it was never published (ADR 033).
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const params = new URL(request.url).searchParams;
  try {
    const { document, version, clause } = await context.services.documents.getLibraryClause(viewer, {
      documentId: params.get("documentId") ?? "",
      anchor: params.get("anchor") ?? "",
    });
    // Copying a clause reads it, as opening its document would.
    await context.services.accessRecord.recordRead(viewer, { documentId: document.id, clientOrganizationId: document.clientOrganizationId, channel: "page" });
    return json({ document: { id: document.id, title: document.title }, version, clause }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    errorResponse(error);
  }
}
