import { z } from "zod";
import { KPI_DEFAULT_RANGE_MONTHS, KPI_RANGE_MAX_DAYS } from "../config.ts";
import { IdSchema } from "../mandates/schema.ts";
import { DaySchema, blankToUndefined, textField } from "../validation.ts";

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
export function resolveRange(query: Pick<PortfolioQuery, "from" | "to">, today: Date): { from: Date; to: Date } | { issues: { path: string; message: string }[] } {
  const to = query.to ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const from = query.from ?? new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - (KPI_DEFAULT_RANGE_MONTHS - 1), 1));
  if (from > to) return { issues: [{ path: "from", message: "The range must start on or before its end (to)." }] };
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > KPI_RANGE_MAX_DAYS) {
    return { issues: [{ path: "from", message: `Ask for at most ${KPI_RANGE_MAX_DAYS} days (about 5 years) at a time.` }] };
  }
  return { from, to };
}

/** A perspective as clause positions write it ("recipient"); "" or absent: every perspective. */
const PerspectiveSchema = z.preprocess(blankToUndefined, textField().trim().max(200, "A perspective has at most 200 characters.").optional());

/**
 * A playbook's positions analytics (ADR 037):
 * `?documentId=&from=YYYY-MM-DD&to=YYYY-MM-DD&client=&perspective=` (and the API's `format`).
 */
export const PositionsQuerySchema = queryParams({
  format: KpiFormatSchema,
  documentId: IdSchema,
  from: z.preprocess(blankToUndefined, DaySchema.optional()),
  to: z.preprocess(blankToUndefined, DaySchema.optional()),
  client: z.preprocess(blankToUndefined, IdSchema.optional()),
  perspective: PerspectiveSchema,
});
export type PositionsQuery = z.infer<typeof PositionsQuerySchema>;

/**
 * The version comparison: `?documentId=&versions=3,4&client=`; without `versions`, the two
 * latest versions with outcomes the viewer may see.
 */
export const PositionVersionsQuerySchema = queryParams({
  documentId: IdSchema,
  client: z.preprocess(blankToUndefined, IdSchema.optional()),
  versions: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.split(",").map((n) => Number(n.trim()))) : v),
    z.array(z.number({ error: "List version numbers, e.g. 3,4." }).int("List version numbers, e.g. 3,4.").positive("List version numbers, e.g. 3,4.")).min(1).max(6, "Compare at most 6 versions.").optional(),
  ),
});

const countField = (what: string, min: number) =>
  z.coerce.number({ error: `Give ${what} as a whole number.` }).int(`Give ${what} as a whole number.`).min(min, `${what[0]!.toUpperCase()}${what.slice(1)} must be at least ${min}.`).max(100_000);
const optionalClause = z.preprocess(blankToUndefined, IdSchema.optional());

/**
 * A new review trigger on a playbook (ADR 037): the NDA starter rule by name (`preset`), or a
 * rule of either kind. `sharePercent` is "more than X %" (up to two decimals).
 */
export const ReviewTriggerInputSchema = z.union([
  z.object({ preset: z.literal("fallback-third", { error: "The only preset is fallback-third." }) }),
  z.object({
    kind: z.literal("FALLBACK_SHARE_IN_QUARTER"),
    clauseId: optionalClause,
    fallbackIndex: z.preprocess(blankToUndefined, countField("the fallback", 1).optional()),
    sharePercent: z.coerce
      .number({ error: "Give the share as a percentage, e.g. 33.33." })
      .min(0.01, "The share must be more than 0 %.")
      .max(99.99, "The share must be under 100 %.")
      .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "Give the share with at most two decimals."),
    minimumDeals: z.preprocess(blankToUndefined, countField("the minimum number of deals", 1).default(5)),
  }),
  z.object({
    kind: z.literal("RED_LINE_IN_MONTH"),
    clauseId: optionalClause,
    minimumCount: countField("the number of red lines", 1),
  }),
], { error: "Choose a kind of trigger: FALLBACK_SHARE_IN_QUARTER or RED_LINE_IN_MONTH, or the preset fallback-third." });
export type ReviewTriggerInput = z.infer<typeof ReviewTriggerInputSchema>;
