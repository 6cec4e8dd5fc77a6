// Risks, issues and decisions from the mandate's log (ADR 040): the entries that were open at
// some point of the period — raised by its end, and not closed before it began. The log is the
// provider's own; a released report keeps a copy of what it showed.
import { toDayKey } from "../../calendars/day-numbers.ts";
import type { ReportSection, SectionContext } from "./section.ts";

type Entry = { kind: "RISK" | "ISSUE" | "DECISION"; title: string; detail: string; owner: string | null; status: "OPEN" | "CLOSED"; raisedOn: string; dueOn: string | null; closedOn: string | null };
export type LogData = { entries: Entry[] };

const KIND_LABELS = { RISK: "Risks", ISSUE: "Issues", DECISION: "Decisions" } as const;

async function assemble({ db, mandate, period }: SectionContext): Promise<LogData> {
  const rows = await db.mandateLogEntry.findMany({
    where: { mandateId: mandate.id, raisedOn: { lte: period.range.to }, OR: [{ closedOn: null }, { closedOn: { gte: period.range.from } }] },
    orderBy: [{ raisedOn: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const ownerIds = [...new Set(rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))];
  const owners = new Map((await db.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    entries: rows.map((r) => ({
      kind: r.kind,
      title: r.title,
      detail: r.detail,
      owner: r.ownerId ? (owners.get(r.ownerId) ?? null) : null,
      status: r.status,
      raisedOn: toDayKey(r.raisedOn),
      dueOn: r.dueOn ? toDayKey(r.dueOn) : null,
      closedOn: r.closedOn ? toDayKey(r.closedOn) : null,
    })),
  };
}

export const logSection: ReportSection<"log", LogData> = {
  key: "log",
  title: "Risks, issues and decisions",
  assemble,
  blocks({ entries }) {
    return (["RISK", "ISSUE", "DECISION"] as const).map((kind) => ({
      kind: "table" as const,
      caption: KIND_LABELS[kind],
      columns: ["Title", "Detail", "Owner", "Status", "Raised", "Due", "Closed"],
      rows: entries
        .filter((e) => e.kind === kind)
        .map((e) => [e.title, e.detail, e.owner ?? "", e.status === "OPEN" ? "open" : "closed", e.raisedOn, e.dueOn ?? "", e.closedOn ?? ""]),
      empty: `No ${KIND_LABELS[kind].toLowerCase()} this month.`,
    }));
  },
};
