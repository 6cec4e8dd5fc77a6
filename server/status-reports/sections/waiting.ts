// Work waiting on the client (ADR 041): every span a deliverable waited on the client that was
// open at some point of the period, with the PM's reason and the business days it stopped the
// SLA clock (the mandate's calendar, counted as the clock counts them).
import { businessDaysBetween } from "../../calendars/business-days.ts";
import { toDayKey } from "../../calendars/day-numbers.ts";
import type { ReportSection, SectionContext } from "./section.ts";

type Wait = { deliverable: string; reason: string; since: string; until: string | null; businessDays: number };
export type WaitingData = { waits: Wait[]; stillWaiting: number };

async function assemble({ db, mandate, period, asOf }: SectionContext): Promise<WaitingData> {
  const endOfPeriod = new Date(period.range.to.getTime() + 86_400_000 - 1);
  const rows = await db.deliverableWait.findMany({
    where: { deliverable: { mandateId: mandate.id }, startedAt: { lte: endOfPeriod }, OR: [{ endedAt: null }, { endedAt: { gte: period.range.from } }] },
    select: { reason: true, startedAt: true, endedAt: true, deliverable: { select: { title: true } } },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
  });
  const calendar = { timeZone: mandate.timeZone, holidayCalendar: mandate.holidayCalendar };
  const waits = rows.map((w) => {
    const end = w.endedAt ?? (asOf < endOfPeriod ? asOf : endOfPeriod);
    return {
      deliverable: w.deliverable.title,
      reason: w.reason,
      since: toDayKey(w.startedAt),
      until: w.endedAt ? toDayKey(w.endedAt) : null,
      businessDays: end > w.startedAt ? businessDaysBetween(w.startedAt, end, calendar) : 0,
    };
  });
  return { waits, stillWaiting: waits.filter((w) => w.until === null).length };
}

export const waitingSection: ReportSection<"waiting", WaitingData> = {
  key: "waiting",
  title: "Work waiting on the client",
  assemble,
  blocks({ waits, stillWaiting }) {
    return [
      { kind: "facts", items: [{ label: "Waits this month", value: String(waits.length) }, { label: "Still waiting", value: String(stillWaiting) }] },
      {
        kind: "table",
        caption: "Waits on the client (the service-level clock stands still while work waits)",
        columns: ["Deliverable", "Waiting for", "Since", "Until", "Business days"],
        rows: waits.map((w) => [w.deliverable, w.reason, w.since, w.until ?? "still waiting", String(w.businessDays)]),
        empty: "Nothing waited on the client this month.",
      },
    ];
  },
};
