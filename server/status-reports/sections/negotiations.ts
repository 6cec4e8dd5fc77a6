// Escalations and what counterparties pushed back on, from the negotiation outcomes recorded in
// the period (ADR 036): outcomes that needed an approval, and per counterparty how often the
// playbook's preferred position held — tallied by the positions analytics' own counting
// (tallyBy, ADR 037). Only outcomes on playbooks the client's members read: the report goes to
// them, and an internal playbook's clause names are not theirs to see.
import { clientAudience } from "../audience.ts";
import { can } from "../../auth/policy.ts";
import { toDayKey } from "../../calendars/day-numbers.ts";
import type { Ratio } from "../../kpis/types.ts";
import { NO_COUNTERPARTY, tallyBy, type PositionFigures } from "../../kpis/positions-kpis.ts";
import { ACCESS_SELECT, documentResource } from "../../documents/policy.ts";
import { outcomeWords } from "../../outcomes/service.ts";
import type { ReportSection, SectionContext } from "./section.ts";

type Escalation = { deliverable: string; playbook: string; clause: string; counterparty: string; outcome: string; approver: string; approval: string; recordedOn: string };
type Pushback = { counterparty: string; figures: PositionFigures; clauses: string[] };
export type NegotiationsData = { escalations: Escalation[]; counterparties: Pushback[] };

const APPROVAL_WORDS = { PENDING: "awaiting approval", APPROVED: "approved", DECLINED: "declined" } as const;
const share = (count: number, ratio: Ratio) => (ratio.kind === "ratio" ? `${count} (${ratio.percent} %)` : "no data");

async function assemble({ db, mandate, period }: SectionContext): Promise<NegotiationsData> {
  const end = new Date(period.range.to.getTime() + 86_400_000);
  const rows = await db.negotiationOutcome.findMany({
    where: { mandateId: mandate.id, recordedAt: { gte: period.range.from, lt: end } },
    include: { deliverable: { select: { title: true } }, document: { select: { id: true, title: true, ...ACCESS_SELECT } } },
    orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
  });
  const audience = clientAudience(mandate.clientOrganizationId);
  const shown = rows.filter((r) => can(audience, "read", documentResource(r.document)));
  const counterparty = (r: (typeof shown)[number]) => r.counterparty.trim() || NO_COUNTERPARTY;
  const escalations = shown
    .filter((r) => r.approverRole !== null)
    .map((r) => ({
      deliverable: r.deliverable.title,
      playbook: r.document.title,
      clause: r.clauseName,
      counterparty: counterparty(r),
      outcome: outcomeWords(r.outcome, r.fallbackIndex),
      approver: r.approverRole!,
      approval: r.approvalStatus ? APPROVAL_WORDS[r.approvalStatus] : "",
      recordedOn: toDayKey(r.recordedAt),
    }));
  const tallied = tallyBy(
    shown.map((r) => ({ dimension: "counterparty" as const, key: counterparty(r), clauseId: r.clauseId, perspective: r.perspective, outcome: r.outcome, fallbackIndex: r.fallbackIndex ?? 0, count: 1 })),
    (row) => row.key!,
    (row) => row.key!,
  );
  const counterparties = tallied
    .map(({ group, figures }) => ({
      counterparty: group,
      figures,
      clauses: [...new Set(shown.filter((r) => counterparty(r) === group && r.outcome !== "PREFERRED" && r.outcome !== "NOT_APPLICABLE").map((r) => r.clauseName))].sort(),
    }))
    .sort((a, b) => a.counterparty.localeCompare(b.counterparty));
  return { escalations, counterparties };
}

export const negotiationsSection: ReportSection<"negotiations", NegotiationsData> = {
  key: "negotiations",
  title: "Escalations and counterparty pushback",
  assemble,
  blocks({ escalations, counterparties }) {
    return [
      {
        kind: "table",
        caption: "Escalations: positions that needed an approval",
        columns: ["Deliverable", "Clause", "Counterparty", "Agreed", "Approver", "Approval", "Recorded"],
        rows: escalations.map((e) => [e.deliverable, `${e.clause} (${e.playbook})`, e.counterparty, e.outcome, e.approver, e.approval, e.recordedOn]),
        empty: "No escalations this month.",
      },
      {
        kind: "table",
        caption: "What counterparties pushed back on",
        columns: ["Counterparty", "Positions negotiated", "Preferred held", "Fallback", "Grey zone", "Red line", "Clauses moved off the preferred position"],
        rows: counterparties.map((c) => [
          c.counterparty,
          String(c.figures.deals),
          share(c.figures.preferred, c.figures.rates.preferred),
          share(c.figures.fallback, c.figures.rates.fallback),
          share(c.figures.greyZone, c.figures.rates.greyZone),
          share(c.figures.redLine, c.figures.rates.redLine),
          c.clauses.join(", ") || "none",
        ]),
        empty: "No negotiation outcomes were recorded this month.",
      },
    ];
  },
};
