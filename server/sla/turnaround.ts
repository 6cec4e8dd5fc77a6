// The SLA clock (ADR 041): turnaround from the client's request — or the deliverable's creation,
// for work the provider added — to its first delivery, in business days of the mandate's
// calendar, the days it waited on the client left out. Computed once, when the deliverable is
// first delivered, and stored on it with the definition's version: the KPI rollups read that
// figure (kpi_turnaround_part), so SQL and JavaScript share one definition, and a later change of
// the mandate's calendar or service levels never rewrites a delivered figure.
import { businessDaysBetween, type Pause, type WorkingCalendar } from "../calendars/index.ts";
import type { Prisma } from "../db/generated/client.ts";
import { KPI_DEFINITIONS } from "../kpis/definitions.ts";
import { calendarOf } from "./calendar.ts";

export const TURNAROUND_DEFINITION = KPI_DEFINITIONS.turnaround.version;

/** When the clock starts: the client's request, else the deliverable's creation. */
export const clockStartOf = (d: { requestedAt: Date | null; createdAt: Date }) => d.requestedAt ?? d.createdAt;

/** Business days from the clock's start to `deliveredAt`, less the days the waits cover. */
export function measureTurnaround(
  deliverable: { requestedAt: Date | null; createdAt: Date },
  deliveredAt: Date,
  calendar: WorkingCalendar,
  waits: readonly { startedAt: Date; endedAt: Date | null }[],
): number {
  const start = clockStartOf(deliverable);
  if (deliveredAt < start) return 0;
  const pauses: Pause[] = waits.map((w) => ({ start: w.startedAt, end: w.endedAt }));
  return businessDaysBetween(start, deliveredAt, calendar, pauses);
}

/**
 * The columns a first delivery at `at` stores: its turnaround under the current definition.
 * Nothing for a redelivery: the first delivery's figure stands (a rejection does not restart it).
 */
export async function turnaroundOnFirstDelivery(
  tx: Prisma.TransactionClient,
  deliverable: { id: string; requestedAt: Date | null; createdAt: Date; firstDeliveredAt: Date | null },
  mandate: { timeZone: string; holidayCalendar: string },
  at: Date,
): Promise<{ turnaroundBusinessDays: number; turnaroundDefinition: string } | Record<string, never>> {
  if (deliverable.firstDeliveredAt) return {};
  const waits = await tx.deliverableWait.findMany({ where: { deliverableId: deliverable.id }, select: { startedAt: true, endedAt: true } });
  return { turnaroundBusinessDays: measureTurnaround(deliverable, at, calendarOf(mandate), waits), turnaroundDefinition: TURNAROUND_DEFINITION };
}
