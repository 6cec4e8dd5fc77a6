// What leaves the server about a deliverable's SLA clock (ADR 041). The client reads why their
// deliverable waits on them and since when, its due-date moves with their reasons and its
// turnaround; the waits' history with who recorded them is the provider's.
import { businessDaysBetween } from "../calendars/index.ts";
import { KPI_DEFINITIONS, TURNAROUND_V1_TEXT } from "../kpis/definitions.ts";
import { dayKey } from "../mandates/rows.ts";
import { calendarOf } from "./calendar.ts";

type Wait = { id: string; reason: string; startedAt: Date; endedAt: Date | null };
type DueDateChange = { id: string; fromDate: Date | null; toDate: Date | null; reason: string; at: Date; actor: { id: string; name: string } | null };

export function presentSla(
  d: { waits: Wait[]; dueDateChanges: DueDateChange[]; turnaroundBusinessDays: number | null; turnaroundDefinition: string | null },
  mandate: { timeZone: string; holidayCalendar: string },
  { seeInternals, now }: { seeInternals: boolean; now: Date },
) {
  const open = d.waits.find((w) => w.endedAt === null) ?? null;
  const calendar = calendarOf(mandate);
  return {
    /** The wait still open: "Waiting on you: <reason>, since <date>" to the client. */
    waitingOn: open ? { reason: open.reason, since: open.startedAt.toISOString() } : null,
    /** Every span waiting on the client with its length in business days of the mandate's calendar (the provider's view). */
    waits: seeInternals
      ? d.waits.map((w) => ({
          id: w.id,
          reason: w.reason,
          startedAt: w.startedAt.toISOString(),
          endedAt: w.endedAt ? w.endedAt.toISOString() : null,
          businessDays: businessDaysBetween(w.startedAt, w.endedAt ?? (now > w.startedAt ? now : w.startedAt), calendar),
        }))
      : [],
    dueDateChanges: d.dueDateChanges.map((c) => ({
      id: c.id,
      from: dayKey(c.fromDate),
      to: dayKey(c.toDate),
      reason: c.reason,
      at: c.at.toISOString(),
      by: c.actor ? { id: c.actor.id, name: c.actor.name } : null,
    })),
    /** The stored SLA figure of its first delivery, with the definition it was measured under. */
    turnaround:
      d.turnaroundBusinessDays === null
        ? null
        : {
            businessDays: d.turnaroundBusinessDays,
            definition: d.turnaroundDefinition ?? KPI_DEFINITIONS.turnaround.version,
            definitionText: d.turnaroundDefinition === "v1" ? TURNAROUND_V1_TEXT : KPI_DEFINITIONS.turnaround.text,
          },
  };
}
