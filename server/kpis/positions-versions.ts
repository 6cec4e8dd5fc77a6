// Playbook versions side by side: for each version, the deliverables whose outcomes were recorded
// under it, and how those went — delivered on time, turnaround, effort, margin — with the
// concession rates of the outcomes themselves. The per-deliverable parts are the KPI rollups' own
// SQL functions (kpi_month_part, kpi_turnaround_part, kpi_margin_part: ADR 010 third addendum),
// summed per version and finished by the portfolio's formulas, so there is no second definition.
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { divideRounded, toRatio } from "./ratio.ts";
import { marginRowsFromTotals, turnaroundFromTotals, type MarginRow, type Turnaround } from "./portfolio-kpis.ts";
import { turnaroundTotalsOf, type TurnaroundSqlRow } from "./portfolio-sql.ts";
import { readableOutcomesSql, staffPairsSql, type OutcomeKind, type PositionsScope } from "./positions-sql.ts";
import { addToTally, emptyTally, withRates, type PositionFigures } from "./positions-kpis.ts";
import type { PricingModel, Ratio } from "./types.ts";

export type VersionFigures = {
  versionNumber: number;
  /** Deliverables with at least one outcome recorded under this version. */
  deliverables: number;
  /** Of those finally delivered with a due date: on or before it (ADR 010's definition). */
  onTimeRate: Ratio;
  turnaround: Turnaround;
  /** The median turnaround in hundredths of a business day; null when none was measured. */
  medianTurnaroundHundredths: number | null;
  /** Mean effort in minutes over the deliverables with effort recorded; null for clients (ADR 010) — they never see effort. */
  effort: { measured: number; meanMinutes: number | null } | null;
  /** null when the viewer may not see margins (clients never; staff only over their own providers' mandates). */
  margin: MarginRow[] | null;
  /** The outcomes recorded under this version, every clause together. */
  positions: PositionFigures;
};

type Result = {
  deliverables: { v: number; n: number; with_effort: number; effort: string }[] | null;
  on_time: { v: number; judged: number; on_time: number }[] | null;
  types: (TurnaroundSqlRow & { v: number })[] | null;
  medians: { v: number; median: number | null }[] | null;
  margin: { v: number; pricing_model: PricingModel; currency: string; measured: number; fees: string; cost: string; unmeasured: number; unmeasured_fees: string }[] | null;
  outcomes: { v: number; outcome: OutcomeKind; fb: number; n: number }[] | null;
};

/** The latest `limit` version numbers with outcomes in the scope, newest first. */
export async function latestVersionsWithOutcomes(db: Db, documentId: string, scope: PositionsScope, limit: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ v: number }[]>(Prisma.sql`
    SELECT DISTINCT o."versionNumber" AS v FROM "NegotiationOutcome" o
    WHERE o."documentId" = ${documentId} AND o."versionNumber" IS NOT NULL AND ${readableOutcomesSql(scope.pairs)}
      AND (${scope.client}::text IS NULL OR o."clientOrganizationId" = ${scope.client}::text)
    ORDER BY v DESC LIMIT ${limit}`);
  return rows.map((r) => r.v);
}

export async function loadVersionFigures(
  db: Db,
  documentId: string,
  scope: PositionsScope,
  versions: readonly number[],
  { internals }: { internals: boolean },
): Promise<VersionFigures[]> {
  if (!versions.length) return [];
  // Margins and effort are the provider's: its staff's own mandates only.
  const staff = staffPairsSql(scope.pairs, "m");
  const marginSql = internals
    ? Prisma.sql`(SELECT json_agg(x) FROM (
        SELECT d.v, p.pricing_model, p.currency, sum(p.measured)::int AS measured, sum(p.fees)::text AS fees, sum(p.cost)::text AS cost,
          sum(p.unmeasured)::int AS unmeasured, sum(p.unmeasured_fees)::text AS unmeasured_fees
        FROM d JOIN "Deliverable" dl ON dl."id" = d.id JOIN "Mandate" m ON m."id" = dl."mandateId", LATERAL kpi_margin_part(dl, m) p
        WHERE ${staff} GROUP BY d.v, p.pricing_model, p.currency) x)`
    : Prisma.sql`NULL::json`;
  const [row] = await db.$queryRaw<{ result: string }[]>(Prisma.sql`
    WITH o AS MATERIALIZED (
      SELECT o."deliverableId", o."versionNumber" AS v, o."outcome"::text AS outcome, coalesce(o."fallbackIndex", 0) AS fb
      FROM "NegotiationOutcome" o
      WHERE o."documentId" = ${documentId} AND o."versionNumber" = ANY(${[...versions]}::int[]) AND ${readableOutcomesSql(scope.pairs)}
        AND (${scope.client}::text IS NULL OR o."clientOrganizationId" = ${scope.client}::text)
    ), d AS MATERIALIZED (SELECT DISTINCT "deliverableId" AS id, v FROM o)
    SELECT json_build_object(
      'deliverables', (SELECT json_agg(x) FROM (
        SELECT d.v, count(*)::int AS n,
          count(dl."effortMinutes") FILTER (WHERE ${staff})::int AS with_effort,
          coalesce(sum(dl."effortMinutes") FILTER (WHERE ${staff}), 0)::text AS effort
        FROM d JOIN "Deliverable" dl ON dl."id" = d.id JOIN "Mandate" m ON m."id" = dl."mandateId" GROUP BY d.v) x),
      'on_time', (SELECT json_agg(x) FROM (
        SELECT d.v, sum(p.judged)::int AS judged, sum(p.on_time)::int AS on_time
        FROM d JOIN "Deliverable" dl ON dl."id" = d.id JOIN "Mandate" m ON m."id" = dl."mandateId", LATERAL kpi_month_part(dl, m) p GROUP BY d.v) x),
      'types', (SELECT json_agg(x) FROM (
        SELECT d.v, p.deliverable_type AS type, sum(p.measured)::int AS measured, sum(p.sum_days)::int AS sum_days, sum(p.with_sla)::int AS with_sla,
          sum(p.sum_sla)::int AS sum_sla, sum(p.within_sla)::int AS within_sla, sum(p.measured_v1)::int AS measured_v1
        FROM d JOIN "Deliverable" dl ON dl."id" = d.id JOIN "Mandate" m ON m."id" = dl."mandateId", LATERAL kpi_turnaround_part(dl, m) p
        GROUP BY d.v, p.deliverable_type) x),
      'medians', (SELECT json_agg(x) FROM (
        SELECT d.v, percentile_cont(0.5) WITHIN GROUP (ORDER BY p.sum_days) AS median
        FROM d JOIN "Deliverable" dl ON dl."id" = d.id JOIN "Mandate" m ON m."id" = dl."mandateId", LATERAL kpi_turnaround_part(dl, m) p GROUP BY d.v) x),
      'margin', ${marginSql},
      'outcomes', (SELECT json_agg(x) FROM (SELECT v, outcome, fb, count(*)::int AS n FROM o GROUP BY v, outcome, fb) x)
    )::text AS result`);
  const result = JSON.parse(row?.result ?? "{}") as Result;
  const of = <T extends { v: number }>(list: T[] | null, v: number) => (list ?? []).filter((x) => x.v === v);

  return versions.map((versionNumber) => {
    const counted = of(result.deliverables, versionNumber)[0];
    const onTime = of(result.on_time, versionNumber)[0];
    const median = of(result.medians, versionNumber)[0]?.median ?? null;
    const tally = emptyTally();
    for (const o of of(result.outcomes, versionNumber)) addToTally(tally, o.outcome, o.fb, o.n);
    const withEffort = counted?.with_effort ?? 0;
    return {
      versionNumber,
      deliverables: counted?.n ?? 0,
      onTimeRate: toRatio(onTime?.on_time ?? 0, onTime?.judged ?? 0),
      turnaround: turnaroundFromTotals(
        of(result.types, versionNumber).map(turnaroundTotalsOf),
      ),
      medianTurnaroundHundredths: median === null ? null : Math.round(median * 100),
      effort: internals
        ? { measured: withEffort, meanMinutes: withEffort ? Number(divideRounded(BigInt(counted?.effort ?? "0"), BigInt(withEffort))) : null }
        : null,
      margin: internals
        ? marginRowsFromTotals(
            of(result.margin, versionNumber).map((m) => ({
              pricingModel: m.pricing_model,
              currency: m.currency,
              count: m.measured,
              fees: BigInt(m.fees),
              cost: BigInt(m.cost),
              unmeasured: m.unmeasured,
              unmeasuredFees: BigInt(m.unmeasured_fees),
            })),
          )
        : null,
      positions: withRates(tally),
    };
  });
}
