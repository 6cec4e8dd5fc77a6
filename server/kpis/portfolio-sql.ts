// The portfolio's sums, added up by the database. Whole months come from the KPI rollups, which
// triggers keep per provider, client and month (prisma/migrations/…_kpi_rollups, ADR 010 second
// addendum); the range's partial edge months are read from the deliverables through the same
// per-deliverable SQL functions the triggers use. The formulas of delivery.ts and
// portfolio-kpis.ts stay the reference: bench:kpis checks both give the same figures on the
// generated portfolio, and the integration tests check hand-computed ones and the rollups
// after every kind of write.
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import type { MonthlyCount, TurnaroundTotals } from "./portfolio-kpis.ts";
import type { DayRange, PricingModel } from "./types.ts";

/**
 * Whose deliverables count: mandates of a provider the viewer is staff of, or of a client
 * organisation they are a member of (can() on a mandate), narrowed to one client when asked.
 */
export type PortfolioScope = { providerIds: readonly string[]; clientIds: readonly string[]; client: string | null };

export type PortfolioSums = {
  onTime: { judged: number; onTime: number };
  turnaroundByType: ({ deliverableType: string } & TurnaroundTotals)[];
  deliveredPerMonth: MonthlyCount[];
  /**
   * Margin sums per pricing model and currency over the scope's providers' mandates only, and
   * only when asked for (`margin`): a client member's query never reads cost rates or effort.
   */
  margin: {
    pricingModel: PricingModel;
    currency: string;
    measured: number;
    feesMinor: bigint;
    minuteCostMinor: bigint;
    unmeasured: number;
  }[];
};

type Result = {
  months: { month: string; delivered: number; judged: number; on_time: number }[] | null;
  types: { type: string; measured: number; sum_days: number; with_sla: number; sum_sla: number; within_sla: number }[] | null;
  margin: { pricing_model: PricingModel; currency: string; measured: number; fees: string; minute_cost: string; unmeasured: number }[] | null;
};

const DAY_MS = 86_400_000;
const utcMonthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

/**
 * The whole months inside [from, end): [fullFrom, fullEnd), empty (fullFrom = fullEnd = end) when
 * there is none. The rest of the range — at most a partial month at each end — is the edges.
 */
export function splitRange(range: DayRange): { from: Date; fullFrom: Date; fullEnd: Date; end: Date } {
  const from = range.from;
  const end = new Date(range.to.getTime() + DAY_MS);
  const startsMonth = from.getUTCDate() === 1;
  const fullFrom = startsMonth ? from : utcMonthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
  const fullEnd = utcMonthStart(end.getUTCFullYear(), end.getUTCMonth());
  return fullFrom < fullEnd ? { from, fullFrom, fullEnd, end } : { from, fullFrom: end, fullEnd: end, end };
}

/** Counts and sums over the scope's deliverables with a delivery in the range. */
export async function loadPortfolioSums(db: Db, scope: PortfolioScope, range: DayRange, { margin }: { margin: boolean }): Promise<PortfolioSums> {
  const [row] = await db.$queryRaw<{ result: string }[]>(portfolioSumsSql(scope, range, { margin }));
  // One JSON text: the driver adapter's per-field conversion of many small rows cost more than the sums.
  const result = JSON.parse(row?.result ?? "{}") as Result;
  const sums: PortfolioSums = { onTime: { judged: 0, onTime: 0 }, turnaroundByType: [], deliveredPerMonth: [], margin: [] };
  for (const m of result.months ?? []) {
    sums.onTime.judged += m.judged;
    sums.onTime.onTime += m.on_time;
    sums.deliveredPerMonth.push({ month: m.month, delivered: m.delivered });
  }
  for (const t of result.types ?? []) {
    sums.turnaroundByType.push({
      deliverableType: t.type,
      measured: t.measured,
      sumDays: t.sum_days,
      withSla: t.with_sla,
      sumSla: t.sum_sla,
      withinSla: t.within_sla,
    });
  }
  for (const m of result.margin ?? []) {
    sums.margin.push({
      pricingModel: m.pricing_model,
      currency: m.currency,
      measured: m.measured,
      feesMinor: BigInt(m.fees),
      minuteCostMinor: BigInt(m.minute_cost),
      unmeasured: m.unmeasured,
    });
  }
  return sums;
}

/** Timestamps are stored as UTC without a zone: compare with plain timestamps, never with the session's zone. */
const plain = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** The query, apart so it can be explained (EXPLAIN ANALYZE) on a real database. */
export function portfolioSumsSql(scope: PortfolioScope, range: DayRange, { margin }: { margin: boolean }) {
  const { from, fullFrom, fullEnd, end } = splitRange(range);
  const [f, ff, fe, e] = [from, fullFrom, fullEnd, end].map(plain);
  const providers = [...scope.providerIds];
  const clients = [...scope.clientIds];
  const client = scope.client;
  // In the edges: before the first whole month, or after the last.
  const inEdges = (column: string) => {
    const c = Prisma.raw(column);
    return Prisma.sql`((${c} >= ${f}::timestamp AND ${c} < ${ff}::timestamp) OR (${c} >= ${fe}::timestamp AND ${c} < ${e}::timestamp))`;
  };
  const readable = (t: string) =>
    Prisma.sql`(${Prisma.raw(`${t}."providerOrganizationId"`)} = ANY(${providers}::text[]) OR ${Prisma.raw(`${t}."clientOrganizationId"`)} = ANY(${clients}::text[]))
      AND (${client}::text IS NULL OR ${Prisma.raw(`${t}."clientOrganizationId"`)} = ${client}::text)`;
  // Margins are the provider's: its staff's own mandates only.
  const staffOnly = (t: string) =>
    Prisma.sql`${Prisma.raw(`${t}."providerOrganizationId"`)} = ANY(${providers}::text[]) AND (${client}::text IS NULL OR ${Prisma.raw(`${t}."clientOrganizationId"`)} = ${client}::text)`;
  const wholeMonths = Prisma.sql`r."month" >= ${ff}::date AND r."month" < ${fe}::date`;

  const marginSql = margin
    ? Prisma.sql`(SELECT json_agg(x) FROM (
        SELECT pricing_model, currency, sum(measured)::int AS measured, sum(fees)::text AS fees,
          sum(minute_cost)::text AS minute_cost, sum(unmeasured)::int AS unmeasured
        FROM (
          SELECT r."pricingModel" AS pricing_model, r."currency", r."delivered", r."measured", r."feesMinor" AS fees,
            r."minuteCostMinor" AS minute_cost, r."unmeasured"
          FROM "KpiMarginRollup" r WHERE ${staffOnly("r")} AND ${wholeMonths}
          UNION ALL
          SELECT p.pricing_model, p.currency, p.delivered, p.measured, p.fees, p.minute_cost, p.unmeasured
          FROM edge, LATERAL kpi_margin_part(edge.d, edge.m) p
          WHERE ${staffOnly("(edge.m)")} AND ${inEdges(`(edge.d)."finalDeliveredAt"`)}
        ) u GROUP BY pricing_model, currency HAVING sum(delivered) > 0) x)`
    : Prisma.sql`NULL::json`;

  return Prisma.sql`
    WITH edge AS MATERIALIZED (
      -- The partial months' deliverables, each with its mandate, through the delivery indexes.
      SELECT d, m FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId"
      WHERE (${inEdges(`d."finalDeliveredAt"`)} OR ${inEdges(`d."firstDeliveredAt"`)}) AND ${readable("m")}
    )
    SELECT json_build_object(
      'months', (SELECT json_agg(x) FROM (
        SELECT to_char(month, 'YYYY-MM') AS month, sum(delivered)::int AS delivered, sum(judged)::int AS judged, sum(on_time)::int AS on_time
        FROM (
          SELECT r."month", r."delivered", r."judged", r."onTime" AS on_time FROM "KpiMonthRollup" r WHERE ${readable("r")} AND ${wholeMonths}
          UNION ALL
          SELECT p.month, p.delivered, p.judged, p.on_time FROM edge, LATERAL kpi_month_part(edge.d, edge.m) p
          WHERE ${inEdges(`(edge.d)."finalDeliveredAt"`)}
        ) u GROUP BY month HAVING sum(delivered) > 0 ORDER BY month) x),
      'types', (SELECT json_agg(x) FROM (
        SELECT type, sum(measured)::int AS measured, sum(sum_days)::int AS sum_days, sum(with_sla)::int AS with_sla,
          sum(sum_sla)::int AS sum_sla, sum(within_sla)::int AS within_sla
        FROM (
          SELECT r."deliverableType" AS type, r."measured", r."sumDays" AS sum_days, r."withSla" AS with_sla, r."sumSla" AS sum_sla, r."withinSla" AS within_sla
          FROM "KpiTurnaroundRollup" r WHERE ${readable("r")} AND ${wholeMonths}
          UNION ALL
          SELECT p.deliverable_type, p.measured, p.sum_days, p.with_sla, p.sum_sla, p.within_sla FROM edge, LATERAL kpi_turnaround_part(edge.d, edge.m) p
          WHERE ${inEdges(`(edge.d)."firstDeliveredAt"`)}
        ) u GROUP BY type HAVING sum(measured) > 0) x),
      'margin', ${marginSql}
    )::text AS result
  `;
}
