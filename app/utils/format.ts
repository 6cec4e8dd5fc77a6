import type { Ratio } from "../../server/kpis/types.ts";

/** One date format across the app: "27 Nov 2026, 09:09", in UTC so server and browser agree. */
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatDate = (iso: string) => dateTimeFormat.format(new Date(iso));

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-03-02" → "2 Mar" (a chart's day tick; UTC like formatDate). */
export const formatDay = (dayKey: string) => dayFormat.format(new Date(`${dayKey}T00:00:00Z`));

/** "2026-03" → "Mar 2026". */
export const formatMonth = (monthKey: string) => monthFormat.format(new Date(`${monthKey}-01T00:00:00Z`));

/** A KPI share as shown everywhere: "66.67 %", or "no data" when there was nothing to count. */
export const formatRatio = (ratio: Ratio) => (ratio.kind === "no-data" ? "no data" : `${ratio.percent} %`);

const calendarDateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A day without a time: "27 Nov 2026" (effective and review-due dates; UTC like formatDate). */
export const formatCalendarDate = (iso: string) => calendarDateFormat.format(new Date(iso));

/**
 * An organisation's name for a picker: two organisations may share a name, so those that do
 * also show their slug ("Apex Ltd (apex-ltd-k2x9qa)").
 */
export function organizationLabel(o: { name: string; slug: string }, all: ReadonlyArray<{ name: string }>) {
  const same = all.filter((other) => other.name.toLowerCase() === o.name.toLowerCase()).length;
  return same > 1 ? `${o.name} (${o.slug})` : o.name;
}
