// Changes and breaches (ADR 043): the change requests sent or decided in the period, and the
// assumptions work went past. Releasing the report is the PM's disclosure of the month's
// breaches to the client: the report is reviewed before it goes (ADR 040).
import { describeBreach, type BreachEvidence } from "../../change-control/breaches.ts";
import { toDayKey } from "../../calendars/day-numbers.ts";
import { formatMoney } from "../../mandates/money.ts";
import type { ReportSection, SectionContext } from "./section.ts";

type Change = { title: string; status: "SENT" | "APPROVED" | "DECLINED"; budgetDelta: string; newTargetDate: string | null; sentOn: string | null; decidedOn: string | null; declineReason: string };
type Breach = { sentence: string; detectedOn: string };
export type ChangesData = { changes: Change[]; breaches: Breach[] };

const STATUS_WORDS = { SENT: "awaiting the client", APPROVED: "approved", DECLINED: "declined" } as const;

async function assemble({ db, mandate, period }: SectionContext): Promise<ChangesData> {
  const inPeriod = { gte: period.range.from, lt: new Date(period.range.to.getTime() + 86_400_000) };
  const [requests, breaches] = await Promise.all([
    db.changeRequest.findMany({
      where: { mandateId: mandate.id, status: { in: ["SENT", "APPROVED", "DECLINED"] }, OR: [{ sentAt: inPeriod }, { decidedAt: inPeriod }] },
      orderBy: [{ sentAt: "asc" }, { id: "asc" }],
    }),
    db.scopeBreach.findMany({ where: { mandateId: mandate.id, detectedAt: inPeriod }, orderBy: [{ detectedAt: "asc" }, { id: "asc" }] }),
  ]);
  const signed = (minor: bigint) => (minor < 0n ? `−${formatMoney(-minor, mandate.currency)}` : `+${formatMoney(minor, mandate.currency)}`);
  return {
    changes: requests.map((r) => ({
      title: r.title,
      status: r.status as Change["status"],
      budgetDelta: signed(r.budgetDeltaMinor),
      newTargetDate: r.newTargetDate ? toDayKey(r.newTargetDate) : null,
      sentOn: r.sentAt ? toDayKey(r.sentAt) : null,
      decidedOn: r.decidedAt ? toDayKey(r.decidedAt) : null,
      declineReason: r.status === "DECLINED" ? r.declineReason : "",
    })),
    breaches: breaches.map((b) => ({ sentence: describeBreach({ ...b, evidence: b.evidence as unknown as BreachEvidence }), detectedOn: toDayKey(b.detectedAt) })),
  };
}

export const changesSection: ReportSection<"changes", ChangesData> = {
  key: "changes",
  title: "Changes and breaches",
  assemble,
  blocks({ changes, breaches }, { mandate }) {
    return [
      {
        kind: "table",
        caption: "Change requests",
        columns: ["Change", "Status", `Budget (${mandate.currency})`, "New target date", "Sent", "Decided"],
        rows: changes.map((c) => [c.declineReason ? `${c.title} (declined: ${c.declineReason})` : c.title, STATUS_WORDS[c.status], c.budgetDelta, c.newTargetDate ?? "unchanged", c.sentOn ?? "", c.decidedOn ?? ""]),
        empty: "No change requests this month.",
      },
      {
        kind: "table",
        caption: "Assumptions exceeded",
        columns: ["What went past the engagement's assumptions", "Found"],
        rows: breaches.map((b) => [b.sentence, b.detectedOn]),
        empty: "Work stayed within the engagement's assumptions this month.",
      },
    ];
  },
};
