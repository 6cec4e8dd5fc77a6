import { z } from "zod";
import { ACCESS_REPORT_DEFAULT_DAYS, ACCESS_REPORT_MAX_DAYS } from "../config.ts";
import { invalid } from "../errors.ts";
import { DaySchema, blankToUndefined, parseInput } from "../validation.ts";

/**
 * The access report's period: whole UTC days, `from` and `to` both included. Without them, the
 * last ACCESS_REPORT_DEFAULT_DAYS days up to today; at most ACCESS_REPORT_MAX_DAYS days.
 */
export const AccessReportQuerySchema = z
  .looseObject({
    from: z.preprocess(blankToUndefined, DaySchema.optional()),
    to: z.preprocess(blankToUndefined, DaySchema.optional()),
    format: z.preprocess(blankToUndefined, z.enum(["json", "csv"], { error: "Ask for format=json or format=csv." }).optional()),
  })
  .superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value ?? {})) {
        if (!["from", "to", "format"].includes(key)) ctx.addIssue({ code: "custom", path: [key], message: "Unknown parameter: use from, to, format." });
      }
    },
    // Also when a known parameter is bad, so one 400 names every bad one.
    { when: () => true },
  );

export type AccessReportFormat = "json" | "csv";

export type ReportRange = {
  /** "YYYY-MM-DD", as asked (or defaulted). */
  from: string;
  to: string;
  /** The instants the period covers: [start, end), end being midnight after `to`. */
  start: Date;
  end: Date;
};

const DAY_MS = 86_400_000;
const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/** The query as a range and a format: 400 naming each bad parameter, `from` after `to`, or a range too long. */
export function resolveReportQuery(raw: unknown, today: Date): { range: ReportRange; format: AccessReportFormat } {
  const q = parseInput(AccessReportQuerySchema, raw);
  const to = q.to ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const from = q.from ?? new Date(to.getTime() - (ACCESS_REPORT_DEFAULT_DAYS - 1) * DAY_MS);
  if (from > to) throw invalid([{ path: "from", message: "The period must start on or before its end (to)." }]);
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > ACCESS_REPORT_MAX_DAYS) throw invalid([{ path: "from", message: `Ask for at most ${ACCESS_REPORT_MAX_DAYS} days at a time.` }]);
  return {
    range: { from: dayKey(from), to: dayKey(to), start: from, end: new Date(to.getTime() + DAY_MS) },
    format: q.format ?? "json",
  };
}
