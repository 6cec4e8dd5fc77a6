import { z } from "zod";
import { KPI_DEFAULT_RANGE_MONTHS, KPI_RANGE_MAX_DAYS } from "../config.ts";
import { DaySchema, IdSchema } from "../mandates/schema.ts";

/**
 * The portfolio dashboard's query: `?from=YYYY-MM-DD&to=YYYY-MM-DD&client=<organisation id>`.
 * Strict, so a misspelt parameter (`?form=`) is a 400 naming it rather than silently ignored.
 */
export const PortfolioQuerySchema = z.strictObject({
  from: z.preprocess(blankToUndefined, DaySchema.optional()),
  to: z.preprocess(blankToUndefined, DaySchema.optional()),
  client: z.preprocess(blankToUndefined, IdSchema.optional()),
});
export type PortfolioQuery = z.infer<typeof PortfolioQuerySchema>;

function blankToUndefined(v: unknown) {
  return typeof v === "string" && v.trim() === "" ? undefined : v;
}

const DAY_MS = 86_400_000;

/**
 * The range with its defaults filled in: `to` defaults to today; `from` to the first day of the
 * month KPI_DEFAULT_RANGE_MONTHS − 1 months before `to`'s, so the monthly chart shows whole months
 * (12 bars, the current one partial). Returns the issues instead of throwing, so a bad `from`
 * and a bad `to` are named in one answer.
 */
export function resolveRange(query: PortfolioQuery, today: Date): { from: Date; to: Date } | { issues: { path: string; message: string }[] } {
  const to = query.to ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const from = query.from ?? new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - (KPI_DEFAULT_RANGE_MONTHS - 1), 1));
  if (from > to) return { issues: [{ path: "from", message: "The range must start on or before its end (to)." }] };
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > KPI_RANGE_MAX_DAYS) {
    return { issues: [{ path: "from", message: `Ask for at most ${KPI_RANGE_MAX_DAYS} days (about 5 years) at a time.` }] };
  }
  return { from, to };
}
