import type { StatusReport } from "../db/generated/client.ts";
import { monthTitle } from "./period.ts";
import type { ReportSnapshot } from "./snapshot.ts";

/**
 * Status reports as they leave the server. A client member only ever reaches a RELEASED report
 * (policy), and gets its frozen snapshot and when it was released — never who reviewed it, the
 * review's notes or a draft's figures. The provider's staff also get the review's trail.
 */

const name = (people: Map<string, string>, id: string | null) => (id ? { id, name: people.get(id) ?? "" } : null);

export function presentReportSummary(r: StatusReport) {
  return { id: r.id, mandateId: r.mandateId, period: r.period, periodTitle: monthTitle(r.period), status: r.status, rag: r.rag, releasedAt: r.releasedAt?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString() };
}
export type PresentedReportSummary = ReturnType<typeof presentReportSummary>;

export function presentReport({
  report,
  content,
  people,
  abilities,
  seeReview,
}: {
  report: StatusReport;
  content: ReportSnapshot;
  people: Map<string, string>;
  abilities: { update: boolean; review: boolean; release: boolean };
  /** The provider's staff: who submitted and approved it, and why it was sent back. */
  seeReview: boolean;
}) {
  return {
    ...presentReportSummary(report),
    content,
    review: seeReview
      ? {
          submittedBy: name(people, report.submittedById),
          submittedAt: report.submittedAt?.toISOString() ?? null,
          approvedBy: name(people, report.approvedById),
          approvedAt: report.approvedAt?.toISOString() ?? null,
          returnNote: report.returnNote,
        }
      : null,
    abilities,
  };
}
export type PresentedReport = ReturnType<typeof presentReport>;
