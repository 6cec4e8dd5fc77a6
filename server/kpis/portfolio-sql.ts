// The portfolio's sums, added up by the database. Whole months come from the KPI rollups, which
// triggers keep per provider, client and month (prisma/migrations/…_kpi_rollups, ADR 010 second
// addendum); the range's partial edge months are read from the deliverables through the same
// per-deliverable SQL functions the triggers use. The formulas of delivery.ts and
// portfolio-kpis.ts stay the reference: bench:kpis checks both give the same figures on the
// generated portfolio, and the integration tests check hand-computed ones and the rollups
// after every kind of write.
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import type { MandatePairs } from "../mandates/policy.ts";
import type { MonthlyCount, TurnaroundTotals } from "./portfolio-kpis.ts";
import type { DayRange, PricingModel } from "./types.ts";

/** A deliverable type's turnaround sums as SQL gives them (snake_case, as the rollup query selects them). */
export type TurnaroundSqlRow = { type: string; measured: number; sum_days: number; with_sla: number; sum_sla: number; within_sla: number; measured_v1: number };

/** The row as turnaroundFromTotals takes it. */
export const turnaroundTotalsOf = (t: TurnaroundSqlRow): TurnaroundTotals & { deliverableType: string } => ({
  deliverableType: t.type,
  measured: t.measured,
  sumDays: t.sum_days,
  withSla: t.with_sla,
  sumSla: t.sum_sla,
  withinSla: t.within_sla,
  measuredV1: t.measured_v1,
});

/**
 * Whose deliverables count: the mandates `can(viewer, "discover", mandate)` lets through, as
 * readableMandatePairs says (mandates/policy.ts), narrowed to one client when asked.
 */
export type PortfolioScope = { pairs: MandatePairs; client: string | null };

export type PortfolioSums = {
  onTime: { judged: number; onTime: number };
  turnaroundByType: ({ deliverableType: string } & TurnaroundTotals)[];
  deliveredPerMonth: MonthlyCount[];
  /**
   * Margin sums per pricing model and currency over the scope's providers' mandates only, and
   * only when asked for (`margin`): a client member's query never reads costs or effort.
   */
  margin: {
    pricingModel: PricingModel;
    currency: string;
    measured: number;
    feesMinor: bigint;
    costMinor: bigint;
    unmeasured: number;
    unmeasuredFeesMinor: bigint;
  }[];
};

type Result = {
  months: { month: string; delivered: number; judged: number; on_time: number }[] | null;
  types: TurnaroundSqlRow[] | null;
  margin: { pricing_model: PricingModel; currency: string; measured: number; fees: string; cost: string; unmeasured: number; unmeasured_fees: string }[] | null;
};

const DAY_MS = 86_400_000;
const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
const startsMonth = (d: Date) => d.getTime() === monthStart(d).getTime();

/** Deliveries in [from, end) counted with `sign`: +1 adds a partial month's rows, -1 takes rows out of a whole month's rollup. */
export type RangeWindow = { from: Date; end: Date; sign: 1 | -1 };

/**
 * How a range [from, to + 1 day) is summed: the rollups' whole months [rollFrom, rollEnd), plus or
 * minus the deliverables of at most one window at each end. A partial month is read from the
 * deliverables when it is the smaller part of its month, else its whole month comes from the
 * rollup and the rest is taken away: the current month, which runs to today, costs the rows
 * after today — normally none.
 */
export function planRange(range: DayRange): { rollFrom: Date; rollEnd: Date; windows: RangeWindow[] } {
  const from = range.from;
  const end = new Date(range.to.getTime() + DAY_MS);
  const windows: RangeWindow[] = [];
  let rollFrom = from;
  if (!startsMonth(from)) {
    const [before, after] = [monthStart(from), nextMonth(from)];
    if (after.getTime() - from.getTime() <= from.getTime() - before.getTime()) {
      windows.push({ from, end: after, sign: 1 });
      rollFrom = after;
    } else {
      windows.push({ from: before, end: from, sign: -1 });
      rollFrom = before;
    }
  }
  let rollEnd = end;
  if (!startsMonth(end)) {
    const [before, after] = [monthStart(end), nextMonth(end)];
    if (end.getTime() - before.getTime() <= after.getTime() - end.getTime()) {
      windows.push({ from: before, end, sign: 1 });
      rollEnd = before;
    } else {
      windows.push({ from: end, end: after, sign: -1 });
      rollEnd = after;
    }
  }
  // A start late in a month and an end early in the same month cannot both hold (end > from), so rollFrom ≤ rollEnd.
  return { rollFrom, rollEnd, windows };
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
    sums.turnaroundByType.push(turnaroundTotalsOf(t));
  }
  for (const m of result.margin ?? []) {
    sums.margin.push({
      pricingModel: m.pricing_model,
      currency: m.currency,
      measured: m.measured,
      feesMinor: BigInt(m.fees),
      costMinor: BigInt(m.cost),
      unmeasured: m.unmeasured,
      unmeasuredFeesMinor: BigInt(m.unmeasured_fees),
    });
  }
  return sums;
}

/** Timestamps are stored as UTC without a zone: compare with plain timestamps, never with the session's zone. */
const plain = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** The query, apart so it can be explained (EXPLAIN ANALYZE) on a real database. */
export function portfolioSumsSql(scope: PortfolioScope, range: DayRange, { margin }: { margin: boolean }) {
  const { rollFrom, rollEnd, windows } = planRange(range);
  const { anyClientOf, walledClientIds, staffOf, teamClientIds, memberOfClientIds } = scope.pairs;
  const client = scope.client;
  // A timestamp column in any window (an OR of ranges, so each can use its index) and its sign.
  const inWindows = (column: string) =>
    windows.length
      ? Prisma.sql`(${Prisma.join(
          windows.map((w) => Prisma.sql`(${Prisma.raw(column)} >= ${plain(w.from)}::timestamp AND ${Prisma.raw(column)} < ${plain(w.end)}::timestamp)`),
          " OR ",
        )})`
      : Prisma.sql`false`;
  const signOf = (column: string) =>
    windows.length
      ? Prisma.sql`(${Prisma.join(
          windows.map(
            (w) =>
              Prisma.sql`CASE WHEN ${Prisma.raw(column)} >= ${plain(w.from)}::timestamp AND ${Prisma.raw(column)} < ${plain(w.end)}::timestamp THEN ${w.sign}::int ELSE 0 END`,
          ),
          " + ",
        )})`
      : Prisma.sql`0`;
  const col = (t: string, name: string) => Prisma.raw(`${t}."${name}"`);
  // Staff: every unwalled client of a provider they administer, their teams' clients elsewhere.
  const asStaff = (t: string) =>
    Prisma.sql`((${col(t, "providerOrganizationId")} = ANY(${anyClientOf}::text[]) AND NOT ${col(t, "clientOrganizationId")} = ANY(${walledClientIds}::text[]))
      OR (${col(t, "providerOrganizationId")} = ANY(${staffOf}::text[]) AND ${col(t, "clientOrganizationId")} = ANY(${teamClientIds}::text[])))`;
  const oneClient = (t: string) => Prisma.sql`(${client}::text IS NULL OR ${col(t, "clientOrganizationId")} = ${client}::text)`;
  const readable = (t: string) =>
    Prisma.sql`(${asStaff(t)} OR ${col(t, "clientOrganizationId")} = ANY(${memberOfClientIds}::text[])) AND ${oneClient(t)}`;
  // Margins are the provider's: its staff's own mandates only.
  const staffOnly = (t: string) => Prisma.sql`${asStaff(t)} AND ${oneClient(t)}`;
  const wholeMonths = Prisma.sql`r."month" >= ${plain(rollFrom)}::date AND r."month" < ${plain(rollEnd)}::date`;
  const finalSign = signOf(`(edge.d)."finalDeliveredAt"`);
  const firstSign = signOf(`(edge.d)."firstDeliveredAt"`);

  const marginSql = margin
    ? Prisma.sql`(SELECT json_agg(x) FROM (
        SELECT pricing_model, currency, sum(measured)::int AS measured, sum(fees)::text AS fees,
          sum(cost)::text AS cost, sum(unmeasured)::int AS unmeasured, sum(unmeasured_fees)::text AS unmeasured_fees
        FROM (
          SELECT r."pricingModel" AS pricing_model, r."currency", r."delivered", r."measured", r."feesMinor" AS fees,
            r."costMinor" AS cost, r."unmeasured", r."unmeasuredFeesMinor" AS unmeasured_fees
          FROM "KpiMarginRollup" r WHERE ${staffOnly("r")} AND ${wholeMonths}
          UNION ALL
          SELECT p.pricing_model, p.currency, s.sign * p.delivered, s.sign * p.measured, s.sign * p.fees, s.sign * p.cost, s.sign * p.unmeasured,
            s.sign * p.unmeasured_fees
          FROM edge, LATERAL (SELECT ${finalSign} AS sign) s, LATERAL kpi_margin_part(edge.d, edge.m) p
          WHERE s.sign <> 0 AND ${staffOnly("(edge.m)")}
        ) u GROUP BY pricing_model, currency HAVING sum(delivered) > 0) x)`
    : Prisma.sql`NULL::json`;

  return Prisma.sql`
    WITH edge AS MATERIALIZED (
      -- The windows' deliverables, each with its mandate, through the delivery indexes.
      SELECT d, m FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId"
      WHERE (${inWindows(`d."finalDeliveredAt"`)} OR ${inWindows(`d."firstDeliveredAt"`)}) AND ${readable("m")}
    )
    SELECT json_build_object(
      'months', (SELECT json_agg(x) FROM (
        SELECT to_char(month, 'YYYY-MM') AS month, sum(delivered)::int AS delivered, sum(judged)::int AS judged, sum(on_time)::int AS on_time
        FROM (
          SELECT r."month", r."delivered", r."judged", r."onTime" AS on_time FROM "KpiMonthRollup" r WHERE ${readable("r")} AND ${wholeMonths}
          UNION ALL
          SELECT p.month, s.sign * p.delivered, s.sign * p.judged, s.sign * p.on_time
          FROM edge, LATERAL (SELECT ${finalSign} AS sign) s, LATERAL kpi_month_part(edge.d, edge.m) p
          WHERE s.sign <> 0
        ) u GROUP BY month HAVING sum(delivered) > 0 ORDER BY month) x),
      'types', (SELECT json_agg(x) FROM (
        SELECT type, sum(measured)::int AS measured, sum(sum_days)::int AS sum_days, sum(with_sla)::int AS with_sla,
          sum(sum_sla)::int AS sum_sla, sum(within_sla)::int AS within_sla, sum(measured_v1)::int AS measured_v1
        FROM (
          SELECT r."deliverableType" AS type, r."measured", r."sumDays" AS sum_days, r."withSla" AS with_sla, r."sumSla" AS sum_sla, r."withinSla" AS within_sla,
            r."measuredV1" AS measured_v1
          FROM "KpiTurnaroundRollup" r WHERE ${readable("r")} AND ${wholeMonths}
          UNION ALL
          SELECT p.deliverable_type, s.sign * p.measured, s.sign * p.sum_days, s.sign * p.with_sla, s.sign * p.sum_sla, s.sign * p.within_sla, s.sign * p.measured_v1
          FROM edge, LATERAL (SELECT ${firstSign} AS sign) s, LATERAL kpi_turnaround_part(edge.d, edge.m) p
          WHERE s.sign <> 0
        ) u GROUP BY type HAVING sum(measured) > 0) x),
      'margin', ${marginSql}
    )::text AS result
  `;
}
