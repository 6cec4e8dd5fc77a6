// A report's period: one calendar month (UTC, as every KPI day is: ADR 010), "2026-11".
import { monthKeysBetween } from "../kpis/calendar.ts";
import type { DayRange } from "../kpis/types.ts";

export type ReportPeriod = {
  /** "2026-11" */
  month: string;
  /** The month's first and last day, both included (a KPI DayRange). */
  range: DayRange;
  /** The months a chart shows: the period and the five before it, oldest first. */
  trend: { month: string; range: DayRange }[];
};

/** Months a chart looks back over, the period included. */
export const TREND_MONTHS = 6;

export function monthRange(month: string): DayRange {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 0)) };
}

export function reportPeriod(month: string): ReportPeriod {
  const { from, to } = monthRange(month);
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - (TREND_MONTHS - 1), 1));
  return { month, range: { from, to }, trend: monthKeysBetween(first, to).map((m) => ({ month: m, range: monthRange(m) })) };
}

/** "November 2026". */
export const monthTitle = (month: string) =>
  new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(monthRange(month).from);
