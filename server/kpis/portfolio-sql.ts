// The portfolio's sums, added up by the database. bench:kpis showed that loading every delivered
// deliverable with its history and computing in memory takes seconds at 50,000 deliverables (ADR
// 010 addendum); this query returns a few hundred rows of counts and sums instead. It follows the
// formulas of delivery.ts and portfolio-kpis.ts line by line, and those formulas stay the
// reference: bench:kpis checks both give the same figures on the generated portfolio, and the
// integration tests check hand-computed ones.
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import type { MonthlyCount, TurnaroundTotals } from "./portfolio-kpis.ts";
import type { DayRange, PricingModel, ServiceLevel } from "./types.ts";

export type PortfolioSums = {
  onTime: { judged: number; onTime: number };
  turnaroundByType: ({ deliverableType: string } & TurnaroundTotals)[];
  deliveredPerMonth: MonthlyCount[];
  /**
   * Per mandate with a delivery in the range, for margin rows: only when asked for (`margin`), so
   * a client member's query never reads cost rates or effort. Which rows count is the caller's
   * decision (isProviderStaff on providerOrganizationId).
   */
  byMandate: {
    mandateId: string;
    providerOrganizationId: string;
    pricingModel: PricingModel;
    currency: string;
    costRateMinor: bigint | null;
    delivered: number;
    withEffort: number;
    feesWithEffort: bigint;
    effortMinutes: bigint;
  }[];
};

type Row = {
  g_mandate: number;
  provider_id: string | null;
  pricing_model: PricingModel | null;
  currency: string | null;
  cost_rate: string | null;
  g_type: number;
  mandate_id: string | null;
  type: string | null;
  month: string | null;
  judged: number;
  on_time: number;
  delivered: number;
  with_effort: number;
  fees_with_effort: string;
  effort_minutes: string;
  measured: number;
  sum_days: number;
  with_sla: number;
  sum_sla: number;
  within_sla: number;
};

/** A mandate's id and its service levels as stored (JSON). */
export type PortfolioMandate = { id: string; serviceLevels: unknown };

/**
 * The readable mandates as one JSON parameter, { mandateId: { lowercased type: SLA days } }: its
 * keys are the mandates the SQL may count, its values the first level whose type matches ignoring
 * case, as computeTurnaround's find() takes it (JavaScript's toLowerCase here; the deliverable's
 * type goes through PostgreSQL's lower(), the same for ASCII). Built here because expanding and
 * de-duplicating 2,000 mandates' JSON in SQL cost more than the rest of the query; a lookup per
 * measured row replaces a join. A stored value that is not a list of levels has none.
 */
export function serviceLevelMap(mandates: readonly PortfolioMandate[]) {
  const map: Record<string, Record<string, number>> = {};
  for (const m of mandates) {
    const levels: Record<string, number> = (map[m.id] = {});
    if (!Array.isArray(m.serviceLevels)) continue;
    for (const level of m.serviceLevels as Partial<ServiceLevel>[]) {
      if (typeof level?.deliverableType !== "string" || typeof level.turnaroundBusinessDays !== "number") continue;
      const key = level.deliverableType.toLowerCase();
      if (!(key in levels)) levels[key] = level.turnaroundBusinessDays;
    }
  }
  return map;
}

/**
 * Mon–Fri days in [1970-01-05, day] for a day number (calendar.ts's weekdaysThrough): a business-day
 * count is the difference of two. Day numbers here are positive, so integer division is floor.
 */
const weekdaysThrough = (dayExpr: string) => `(((${dayExpr}) - 3) / 7 * 5 + least(((${dayExpr}) - 3) % 7, 5))`;
const dayNumber = (ts: string) => `((${ts})::date - DATE '1970-01-01')`;

/**
 * Counts and sums over the deliverables of `mandates` (already filtered by the viewer's policy)
 * that have a delivery in the range. `final` is getFinalDeliveryAt: for DELIVERED or ACCEPTED ones,
 * the last DELIVERED change, else the last ACCEPTED (the Deliverable's finalDeliveredAt column).
 * Turnaround is measured from the first
 * IN_PROGRESS to the first DELIVERED (when that is in the range and not before the start),
 * against the mandate's service level for the type, ignoring case.
 */
export async function loadPortfolioSums(
  db: Db,
  mandateIds: readonly string[],
  range: DayRange,
  { margin }: { margin: boolean },
): Promise<PortfolioSums> {
  const empty: PortfolioSums = { onTime: { judged: 0, onTime: 0 }, turnaroundByType: [], deliveredPerMonth: [], byMandate: [] };
  if (!mandateIds.length) return empty;
  // The service levels as one JSON text: through Prisma's JSON handling 2,000 mandates' levels
  // cost ~20 ms; parsing one string here costs ~1.
  const [stored] = await db.$queryRaw<{ levels: string }[]>`
    SELECT coalesce(json_object_agg(m."id", m."serviceLevels"), '{}')::text AS levels
    FROM "Mandate" m WHERE m."id" = ANY(${[...mandateIds]}::text[])`;
  const levels = JSON.parse(stored?.levels ?? "{}") as Record<string, unknown>;
  const mandates = mandateIds.map((id) => ({ id, serviceLevels: levels[id] ?? null }));
  // Timestamps are stored as UTC without a zone: compare with plain timestamps, never with the session's zone.
  const from = `${range.from.toISOString().slice(0, 10)} 00:00:00`;
  const end = `${new Date(range.to.getTime() + 86_400_000).toISOString().slice(0, 10)} 00:00:00`;
  // The rows as one JSON text: the driver adapter's per-field conversion of ~2,000 rows × 18
  // columns cost more than the query's aggregation; JSON.parse of one string is ~1 ms.
  const [result] = await db.$queryRaw<{ rows: string }[]>`
    SELECT coalesce(json_agg(x), '[]')::text AS rows FROM (${portfolioSumsSql(mandates, from, end, { margin })}) x`;
  const rows = JSON.parse(result?.rows ?? "[]") as Row[];

  const sums = empty;
  for (const r of rows) {
    const n = (v: number) => Number(v);
    if (r.g_mandate === 0 && r.mandate_id !== null) {
      if (n(r.delivered) > 0) {
        sums.byMandate.push({
          mandateId: r.mandate_id,
          providerOrganizationId: r.provider_id!,
          pricingModel: r.pricing_model!,
          currency: r.currency!,
          costRateMinor: r.cost_rate === null ? null : BigInt(r.cost_rate),
          delivered: n(r.delivered),
          withEffort: n(r.with_effort),
          feesWithEffort: BigInt(r.fees_with_effort),
          effortMinutes: BigInt(r.effort_minutes),
        });
      }
    } else if (r.g_type === 0 && r.type !== null) {
      sums.turnaroundByType.push({
        deliverableType: r.type,
        measured: n(r.measured),
        sumDays: n(r.sum_days),
        withSla: n(r.with_sla),
        sumSla: n(r.sum_sla),
        withinSla: n(r.within_sla),
      });
    } else {
      // Every delivery in the range falls in one month: the on-time totals are the months' sums.
      sums.onTime.judged += n(r.judged);
      sums.onTime.onTime += n(r.on_time);
      if (r.month !== null && n(r.delivered) > 0) sums.deliveredPerMonth.push({ month: r.month, delivered: n(r.delivered) });
    }
  }
  return sums;
}

/** The query, apart so it can be explained (EXPLAIN ANALYZE) on a real database. Dates are "YYYY-MM-DD 00:00:00". */
export function portfolioSumsSql(mandates: readonly PortfolioMandate[], from: string, end: string, { margin }: { margin: boolean }) {
  const levels = JSON.stringify(serviceLevelMap(mandates));
  // countBusinessDays(started, firstDelivered), in SQL text made of constants only (no input goes into it).
  const days = Prisma.raw(`${weekdaysThrough(dayNumber("d.first_delivered"))} - ${weekdaysThrough(dayNumber("d.started"))}`);
  return Prisma.sql`
    WITH lv AS MATERIALIZED (
      -- The map parsed once (~3 ms for 2,000 mandates), not at each use.
      SELECT ${levels}::jsonb AS map
    ), d AS (
      -- The deliverable's own columns, kept by the mandates service with every status change
      -- (server/mandates/transitions.ts timestampsFor): startedAt = first IN_PROGRESS,
      -- firstDeliveredAt = first DELIVERED, finalDeliveredAt = getFinalDeliveryAt (null unless
      -- DELIVERED or ACCEPTED now). Reading them instead of every hit deliverable's history
      -- through a per-row subquery is what made the portfolio fast (ADR 010 addendum, bench:kpis).
      -- Only rows with a delivery in the range can count (an index range scan when it is short);
      -- the readable mandates are the map's keys (a lookup, not a 2,000-element = ANY()).
      SELECT dl."mandateId" AS mandate_id, dl."type", dl."dueDate" AS due, dl."feeMinor" AS fee, ${margin ? Prisma.sql`dl."effortMinutes"` : Prisma.sql`NULL::int`} AS effort,
        dl."startedAt" AS started, dl."firstDeliveredAt" AS first_delivered, dl."finalDeliveredAt" AS final
      FROM "Deliverable" dl
      WHERE ((dl."finalDeliveredAt" >= ${from}::timestamp AND dl."finalDeliveredAt" < ${end}::timestamp)
          OR (dl."firstDeliveredAt" >= ${from}::timestamp AND dl."firstDeliveredAt" < ${end}::timestamp))
        -- In a CASE so the map lookup runs only on rows in the range: the planner put the cheaper-
        -- looking ? first and paid it on every deliverable.
        AND CASE WHEN dl."finalDeliveredAt" >= ${from}::timestamp OR dl."firstDeliveredAt" >= ${from}::timestamp
          THEN (SELECT map FROM lv) ? dl."mandateId" ELSE false END
    ), e AS (
      SELECT d.*,
        coalesce(d.final >= ${from}::timestamp AND d.final < ${end}::timestamp, false) AS final_in,
        date_trunc('month', d.final) AS month_start,
        coalesce(d.started IS NOT NULL AND d.first_delivered >= d.started
          AND d.first_delivered >= ${from}::timestamp AND d.first_delivered < ${end}::timestamp, false) AS measured,
        CASE WHEN d.started IS NOT NULL AND d.first_delivered IS NOT NULL THEN ${days} END AS days
      FROM d
    ), s AS (
      SELECT e.*, CASE WHEN e.measured THEN ((SELECT map FROM lv) -> e.mandate_id ->> lower(e."type"))::int END AS sla
      FROM e
    )
    SELECT g.*,
      m."providerOrganizationId" AS provider_id, m."pricingModel" AS pricing_model, m."currency",
      ${margin ? Prisma.sql`m."costRateMinor"::text` : Prisma.sql`NULL::text`} AS cost_rate
    FROM (
      SELECT
        -- The month as text only on the grouped rows, not on every deliverable. Without margins
        -- there are no per-mandate rows (and no effort read) at all.
        ${margin ? Prisma.sql`GROUPING(mandate_id)::int` : Prisma.sql`1`} AS g_mandate, GROUPING("type")::int AS g_type,
        ${margin ? Prisma.sql`mandate_id` : Prisma.sql`NULL::text AS mandate_id`}, "type", to_char(month_start, 'YYYY-MM') AS month,
        (count(*) FILTER (WHERE final_in AND due IS NOT NULL))::int AS judged,
        (count(*) FILTER (WHERE final_in AND due IS NOT NULL AND final::date <= due))::int AS on_time,
        (count(*) FILTER (WHERE final_in))::int AS delivered,
        (count(*) FILTER (WHERE final_in AND effort IS NOT NULL))::int AS with_effort,
        (coalesce(sum(fee) FILTER (WHERE final_in AND effort IS NOT NULL), 0))::text AS fees_with_effort,
        (coalesce(sum(effort) FILTER (WHERE final_in AND effort IS NOT NULL), 0))::text AS effort_minutes,
        (count(*) FILTER (WHERE measured))::int AS measured,
        (coalesce(sum(days) FILTER (WHERE measured), 0))::int AS sum_days,
        (count(*) FILTER (WHERE measured AND sla IS NOT NULL))::int AS with_sla,
        (coalesce(sum(sla) FILTER (WHERE measured AND sla IS NOT NULL), 0))::int AS sum_sla,
        (count(*) FILTER (WHERE measured AND sla IS NOT NULL AND days <= sla))::int AS within_sla
      FROM s
      GROUP BY GROUPING SETS (${margin ? Prisma.sql`(mandate_id),` : Prisma.empty} ("type"), (month_start))
    ) g
    -- The margin's mandate fields on the per-mandate rows only (≤ 2,000), after the sums.
    LEFT JOIN "Mandate" m ON g.g_mandate = 0 AND m."id" = g.mandate_id
  `;
}
