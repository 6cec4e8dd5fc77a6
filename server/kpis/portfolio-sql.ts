// The portfolio's sums, added up by the database. bench:kpis showed that loading every delivered
// deliverable with its history and computing in memory takes seconds at 50,000 deliverables (ADR
// 010 addendum); this query returns a few hundred rows of counts and sums instead. It follows the
// formulas of delivery.ts and portfolio-kpis.ts line by line, and those formulas stay the
// reference: bench:kpis checks both give the same figures on the generated portfolio, and the
// integration tests check hand-computed ones.
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import type { MarginTotals, MonthlyCount, TurnaroundTotals } from "./portfolio-kpis.ts";
import type { DayRange } from "./types.ts";

export type PortfolioSums = {
  onTime: { judged: number; onTime: number };
  turnaroundByType: ({ deliverableType: string } & TurnaroundTotals)[];
  deliveredPerMonth: MonthlyCount[];
  /** Per mandate, for margin rows (the cost rate and pricing model are the caller's: it decides who may see them). */
  byMandate: { mandateId: string; delivered: number; withEffort: number; feesWithEffort: bigint; effortMinutes: bigint }[];
};

type Row = {
  g_mandate: number;
  g_type: number;
  g_month: number;
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

/**
 * Mon–Fri days in [1970-01-05, day] for a day number (calendar.ts's weekdaysThrough): a business-day
 * count is the difference of two. Day numbers here are positive, so integer division is floor.
 */
const weekdaysThrough = (dayExpr: string) => `(((${dayExpr}) - 3) / 7 * 5 + least(((${dayExpr}) - 3) % 7, 5))`;
const dayNumber = (ts: string) => `((${ts})::date - DATE '1970-01-01')`;

/**
 * Counts and sums over the deliverables of `mandateIds` (already filtered by the viewer's policy)
 * that have a delivery in the range. `final` is getFinalDeliveryAt: for DELIVERED or ACCEPTED ones,
 * the last DELIVERED change, else the last ACCEPTED. Turnaround is measured from the first
 * IN_PROGRESS to the first DELIVERED (when that is in the range and not before the start),
 * against the mandate's service level for the type, ignoring case.
 */
export async function loadPortfolioSums(db: Db, mandateIds: readonly string[], range: DayRange): Promise<PortfolioSums> {
  const empty: PortfolioSums = { onTime: { judged: 0, onTime: 0 }, turnaroundByType: [], deliveredPerMonth: [], byMandate: [] };
  if (!mandateIds.length) return empty;
  // Timestamps are stored as UTC without a zone: compare with plain timestamps, never with the session's zone.
  const from = `${range.from.toISOString().slice(0, 10)} 00:00:00`;
  const end = `${new Date(range.to.getTime() + 86_400_000).toISOString().slice(0, 10)} 00:00:00`;
  const rows = await db.$queryRaw<Row[]>(portfolioSumsSql(mandateIds, from, end));

  const sums = empty;
  for (const r of rows) {
    const n = (v: number) => Number(v);
    if (r.g_mandate === 0 && r.mandate_id !== null) {
      if (n(r.delivered) > 0) {
        sums.byMandate.push({
          mandateId: r.mandate_id,
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
    } else if (r.g_month === 0) {
      if (r.month !== null && n(r.delivered) > 0) sums.deliveredPerMonth.push({ month: r.month, delivered: n(r.delivered) });
    } else {
      sums.onTime = { judged: n(r.judged), onTime: n(r.on_time) };
    }
  }
  return sums;
}

/** The query, apart so it can be explained (EXPLAIN ANALYZE) on a real database. Dates are "YYYY-MM-DD 00:00:00". */
export function portfolioSumsSql(mandateIds: readonly string[], from: string, end: string) {
  // countBusinessDays(started, firstDelivered), in SQL text made of constants only (no input goes into it).
  const days = Prisma.raw(`${weekdaysThrough(dayNumber("d.first_delivered"))} - ${weekdaysThrough(dayNumber("d.started"))}`);
  return Prisma.sql`
    WITH ids AS (
      -- The readable mandates as a table to join (a hash join), not a 2,000-element = ANY() tested on every row.
      SELECT DISTINCT unnest(${[...mandateIds]}::text[]) AS id
    ), hit AS (
      SELECT DISTINCT h."deliverableId" AS id
      FROM "DeliverableStatusChange" h JOIN ids ON ids.id = h."mandateId"
      WHERE h."toStatus" IN ('DELIVERED', 'ACCEPTED')
        AND h."at" >= ${from}::timestamp AND h."at" < ${end}::timestamp
    ), facts AS (
      -- Each hit deliverable's own changes through the (deliverableId, at) index: a short range
      -- reads a few thousand changes, not the whole history table.
      SELECT hit.id, x.started, x.first_delivered, x.last_delivered, x.last_accepted
      FROM hit CROSS JOIN LATERAL (
        SELECT
          min(c."at") FILTER (WHERE c."toStatus" = 'IN_PROGRESS') AS started,
          min(c."at") FILTER (WHERE c."toStatus" = 'DELIVERED') AS first_delivered,
          max(c."at") FILTER (WHERE c."toStatus" = 'DELIVERED') AS last_delivered,
          max(c."at") FILTER (WHERE c."toStatus" = 'ACCEPTED') AS last_accepted
        FROM "DeliverableStatusChange" c
        WHERE c."deliverableId" = hit.id
      ) x
    ), d AS MATERIALIZED (
      -- Materialised so the planner fetches only the deliverables hit (by primary key) instead
      -- of joining all of them to the service levels first.
      SELECT dl."mandateId" AS mandate_id, dl."type", dl."dueDate" AS due, dl."feeMinor" AS fee, dl."effortMinutes" AS effort,
        f.started, f.first_delivered,
        CASE WHEN dl."status" IN ('DELIVERED', 'ACCEPTED') THEN coalesce(f.last_delivered, f.last_accepted) END AS final
      FROM facts f JOIN "Deliverable" dl ON dl."id" = f.id
    ), e AS (
      SELECT d.*,
        coalesce(d.final >= ${from}::timestamp AND d.final < ${end}::timestamp, false) AS final_in,
        to_char(d.final, 'YYYY-MM') AS month,
        coalesce(d.started IS NOT NULL AND d.first_delivered >= d.started
          AND d.first_delivered >= ${from}::timestamp AND d.first_delivered < ${end}::timestamp, false) AS measured,
        CASE WHEN d.started IS NOT NULL AND d.first_delivered IS NOT NULL THEN ${days} END AS days
      FROM d
    ), sla AS (
      -- Each mandate's service levels as rows, once (not once per deliverable): the first level
      -- whose type matches ignoring case, as the formula's find() takes it.
      SELECT DISTINCT ON (m."id", lower(l.value ->> 'deliverableType'))
        m."id" AS mandate_id, lower(l.value ->> 'deliverableType') AS type_key, (l.value ->> 'turnaroundBusinessDays')::int AS sla
      FROM "Mandate" m JOIN ids ON ids.id = m."id",
        jsonb_array_elements(CASE WHEN jsonb_typeof(m."serviceLevels") = 'array' THEN m."serviceLevels" ELSE '[]'::jsonb END) WITH ORDINALITY AS l(value, n)
      ORDER BY m."id", lower(l.value ->> 'deliverableType'), l.n
    ), s AS (
      SELECT e.*, CASE WHEN e.measured THEN sla.sla END AS sla
      FROM e LEFT JOIN sla ON sla.mandate_id = e.mandate_id AND sla.type_key = lower(e."type")
    )
    SELECT
      GROUPING(mandate_id)::int AS g_mandate, GROUPING("type")::int AS g_type, GROUPING(month)::int AS g_month,
      mandate_id, "type", month,
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
    GROUP BY GROUPING SETS ((mandate_id), ("type"), (month), ())
  `;
}
