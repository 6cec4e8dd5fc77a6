import { z } from "zod";
import { KPI_DEFAULT_RANGE_MONTHS, KPI_RANGE_MAX_DAYS } from "../config.ts";
import { IdSchema } from "../mandates/schema.ts";
import { DaySchema, blankToUndefined } from "../validation.ts";

/** `?format=csv` asks the API for a CSV download; JSON otherwise. */
export const KpiFormatSchema = z.enum(["json", "csv"], { error: "Ask for format=json or format=csv." }).optional();

/**
 * A query string's parameters: unknown ones are a 400 naming each (a misspelt `?form=` is not
 * silently ignored), reported together with the bad known ones. (A strict object names them
 * only in one message, with no path, and only once the known ones are valid.)
 */
function queryParams<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value ?? {})) {
        if (!Object.hasOwn(shape, key)) ctx.addIssue({ code: "custom", path: [key], message: `Unknown parameter: use ${Object.keys(shape).join(", ")}.` });
      }
    },
    { when: () => true },
  );
}

/** The mandate dashboard's query: only the format. */
export const MandateKpiQuerySchema = queryParams({ format: KpiFormatSchema });

/**
 * The portfolio dashboard's query: `?from=YYYY-MM-DD&to=YYYY-MM-DD&client=<organisation id>`
 * (and the API's `format`, accepted here so one 400 names every bad parameter at once).
 */
export const PortfolioQuerySchema = queryParams({
  format: KpiFormatSchema,
  from: z.preprocess(blankToUndefined, DaySchema.optional()),
  to: z.preprocess(blankToUndefined, DaySchema.optional()),
  client: z.preprocess(blankToUndefined, IdSchema.optional()),
});
export type PortfolioQuery = z.infer<typeof PortfolioQuerySchema>;

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
