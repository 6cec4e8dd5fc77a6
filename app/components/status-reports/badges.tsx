/** A report's RAG status and its workflow state, in words (the colour only repeats them). */
export const RAG_LABELS: Record<string, string> = { RED: "Red", AMBER: "Amber", GREEN: "Green" };
export const REPORT_STATUS_LABELS: Record<string, string> = { DRAFT: "Draft", IN_REVIEW: "In review", RELEASED: "Released" };

export function RagBadge({ rag }: { rag: string | null }) {
  if (!rag) return <span className="status status-not-started">No status yet</span>;
  return <span className={`status rag-${rag.toLowerCase()}`}>{RAG_LABELS[rag] ?? rag}</span>;
}

export function ReportStatusBadge({ status }: { status: string }) {
  const tone = status === "RELEASED" ? "completed" : status === "IN_REVIEW" ? "active" : "not-started";
  return <span className={`status status-${tone}`}>{REPORT_STATUS_LABELS[status] ?? status}</span>;
}
