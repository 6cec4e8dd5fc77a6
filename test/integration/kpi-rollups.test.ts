// The KPI rollups (ADR 010, third addendum) are kept by triggers, so any writer keeps them
// exact: after every kind of write below they must equal a recount from the deliverables, and
// the portfolio figures built from them (whole months) plus or minus the deliverables of the
// partial months (planRange) must equal the pure formulas over every row, for ranges that do
// and do not line up with months.
import { beforeAll, describe, expect, test } from "vitest";
import { generatePortfolio, naivePortfolioKpis, type GeneratedPortfolio } from "../../bench/kpi-portfolio.ts";
import { NO_CLIENT_ACCESS, type Viewer } from "../../server/auth/viewer.ts";
import { createKpiService } from "../../server/kpis/service.ts";
import { useTestDatabase } from "../helpers/database.ts";

const NOW = new Date("2026-11-27T12:00:00Z");
const db = useTestDatabase();
let portfolio: GeneratedPortfolio;

const viewerOf = (id: string, organizationId: string, role: "ADMIN" | "CLIENT"): Viewer => ({
  id,
  email: `${id}@example.test`,
  name: id,
  memberships: [{ organizationId, organizationName: organizationId, organizationKind: role === "CLIENT" ? "CLIENT" : "PROVIDER", role }],
  clientAccess: NO_CLIENT_ACCESS,
});

/** Rollup rows that differ from a recount over the deliverables as they are now (zero rows ignored). */
async function rollupDrift() {
  // Stored rows (all-zero ones aside: they add nothing) against a recount through the same per-deliverable parts.
  return db().prisma.$queryRawUnsafe<{ rollup: string; stored: string; recount: string }[]>(`
    WITH parts AS (
      SELECT p.provider, p.client, p.month, p.delivered, p.judged, p.on_time FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId", LATERAL kpi_month_part(d, m) p
    ), margin AS (
      SELECT p.* FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId", LATERAL kpi_margin_part(d, m) p
    ), turnaround AS (
      SELECT p.* FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId", LATERAL kpi_turnaround_part(d, m) p
    )
    SELECT 'month' AS rollup, row_to_json(s)::text AS stored, row_to_json(r)::text AS recount
    FROM (SELECT "providerOrganizationId" AS provider, "clientOrganizationId" AS client, "month", "delivered", "judged", "onTime" AS on_time FROM "KpiMonthRollup" WHERE "delivered" <> 0 OR "judged" <> 0 OR "onTime" <> 0) s
    FULL JOIN (SELECT provider, client, month, sum(delivered)::int AS delivered, sum(judged)::int AS judged, sum(on_time)::int AS on_time FROM parts GROUP BY 1, 2, 3) r
      USING (provider, client, month)
    WHERE s IS DISTINCT FROM r
    UNION ALL
    SELECT 'margin', row_to_json(s)::text, row_to_json(r)::text
    FROM (SELECT "providerOrganizationId" AS provider, "clientOrganizationId" AS client, "month", "pricingModel"::text AS pricing_model, "currency",
            "delivered", "measured", "feesMinor" AS fees, "costMinor" AS cost, "unmeasured", "unmeasuredFeesMinor" AS unmeasured_fees
          FROM "KpiMarginRollup" WHERE "delivered" <> 0 OR "measured" <> 0 OR "feesMinor" <> 0 OR "costMinor" <> 0 OR "unmeasured" <> 0 OR "unmeasuredFeesMinor" <> 0) s
    FULL JOIN (SELECT provider, client, month, pricing_model::text AS pricing_model, currency, sum(delivered)::int AS delivered, sum(measured)::int AS measured,
            sum(fees)::bigint AS fees, sum(cost)::bigint AS cost, sum(unmeasured)::int AS unmeasured,
            sum(unmeasured_fees)::bigint AS unmeasured_fees FROM margin GROUP BY 1, 2, 3, 4, 5) r
      USING (provider, client, month, pricing_model, currency)
    WHERE s IS DISTINCT FROM r
    UNION ALL
    SELECT 'turnaround', row_to_json(s)::text, row_to_json(r)::text
    FROM (SELECT "providerOrganizationId" AS provider, "clientOrganizationId" AS client, "month", "deliverableType" AS deliverable_type,
            "measured", "sumDays" AS sum_days, "withSla" AS with_sla, "sumSla" AS sum_sla, "withinSla" AS within_sla, "measuredV1" AS measured_v1
          FROM "KpiTurnaroundRollup" WHERE "measured" <> 0 OR "sumDays" <> 0 OR "withSla" <> 0 OR "sumSla" <> 0 OR "withinSla" <> 0 OR "measuredV1" <> 0) s
    FULL JOIN (SELECT provider, client, month, deliverable_type, sum(measured)::int AS measured, sum(sum_days)::int AS sum_days, sum(with_sla)::int AS with_sla,
            sum(sum_sla)::int AS sum_sla, sum(within_sla)::int AS within_sla, sum(measured_v1)::int AS measured_v1 FROM turnaround GROUP BY 1, 2, 3, 4) r
      USING (provider, client, month, deliverable_type)
    WHERE s IS DISTINCT FROM r`);
}

async function expectRollupsExact() {
  expect(await rollupDrift()).toEqual([]);
  // And not trivially: there is something to compare.
  const [row] = await db().prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "KpiMonthRollup" WHERE "delivered" > 0`);
  expect(row?.n).toBeGreaterThan(0);
}

beforeAll(async () => {
  portfolio = await generatePortfolio(db().prisma, { mandates: 60, deliverablesPerMandate: 8, clients: 4, playbooks: 6, seed: 7, now: NOW });
}, 120_000);

describe("the portfolio from rollups and partial months", () => {
  const staff = () => viewerOf("staff", portfolio.providerId, "ADMIN");
  const ranges: [label: string, from: string, to: string][] = [
    ["three years, mid-month to mid-month", "2023-11-28", "2026-11-27"],
    ["whole months only", "2025-01-01", "2025-12-31"],
    ["one whole month", "2026-03-01", "2026-03-31"],
    ["inside one month", "2026-04-03", "2026-04-20"],
    ["one day", "2026-05-14", "2026-05-14"],
    ["across a year end, partial at both ends", "2024-12-15", "2025-02-10"],
    ["from the first of a month to mid-month", "2025-06-01", "2025-09-15"],
    ["from mid-month to a month's last day", "2025-06-15", "2025-09-30"],
    ["early start, late end: whole months minus the days outside", "2025-02-03", "2025-09-27"],
    ["late start, early end: the days added to whole months", "2025-02-25", "2025-09-04"],
    ["two days around a month's middle", "2026-04-14", "2026-04-16"],
    ["a year to today, as the dashboard defaults", "2025-11-28", "2026-11-27"],
  ];

  test.each(ranges)("equals the formulas over every row: %s", async (_label, from, to) => {
    const kpis = createKpiService({ db: db().prisma, now: () => NOW });
    const { client: _client, ...ours } = await kpis.portfolioKpis(staff(), { from, to });
    const reference = await naivePortfolioKpis(db().prisma, staff(), new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
    expect(ours).toEqual(reference);
  });

  test("a client member's and one client's figures are theirs only, and equal the formulas over their mandates", async () => {
    const kpis = createKpiService({ db: db().prisma, now: () => NOW });
    const client = portfolio.clientIds[0]!;
    const member = viewerOf(portfolio.clientUserId, client, "CLIENT");
    const range = { from: "2024-02-10", to: "2026-11-27" };
    const asMember = await kpis.portfolioKpis(member, range);
    const reference = await naivePortfolioKpis(db().prisma, member, new Date(`${range.from}T00:00:00Z`), new Date(`${range.to}T00:00:00Z`));
    // The naive peer counts every playbook; a client member sees only those shared with them.
    const { client: _c, marginByPricingModel, mostUsedPlaybooks, definitions, ...memberFigures } = asMember;
    const { marginByPricingModel: _m, mostUsedPlaybooks: _p, definitions: _d, ...referenceFigures } = reference;
    expect(marginByPricingModel).toBeNull();
    // Nor is margin defined for them: the definitions are of the figures shown (ADR 041).
    expect(definitions.map((d) => d.id)).toEqual(["onTime", "turnaround", "serviceLevel"]);
    expect(memberFigures).toEqual(referenceFigures);
    const shared = await db().prisma.documentShare.findMany({ where: { organizationId: client }, select: { documentId: true } });
    expect(mostUsedPlaybooks.length).toBeGreaterThan(0);
    expect(shared.map((s) => s.documentId)).toEqual(expect.arrayContaining(mostUsedPlaybooks.map((p) => p.documentId)));
    const delivered = (k: { deliveredPerMonth: { delivered: number }[] }) => k.deliveredPerMonth.reduce((n, m) => n + m.delivered, 0);
    const all = await kpis.portfolioKpis(staff(), range);
    expect(delivered(asMember)).toBeGreaterThan(0);
    expect(delivered(asMember)).toBeLessThan(delivered(all));
    // Staff narrowing to that client see the same deliveries.
    const narrowed = await kpis.portfolioKpis(staff(), { ...range, client });
    expect(narrowed.deliveredPerMonth).toEqual(asMember.deliveredPerMonth);
    expect(narrowed.onTimeRate).toEqual(asMember.onTimeRate);
  });
});

// After the figures: the writes below set the delivery columns by hand, out of step with the
// status history the formulas read (a writer must not; here it tests only the rollups).
describe("the KPI rollups", () => {
  test("are exact after the bulk insert that made the portfolio", async () => {
    await expectRollupsExact();
    // The portfolio has both turnaround definitions in play, and waits on the client.
    const [v] = await db().prisma.$queryRawUnsafe<{ v1: number; v2: number }[]>(
      `SELECT sum("measuredV1")::int AS v1, (sum("measured") - sum("measuredV1"))::int AS v2 FROM "KpiTurnaroundRollup"`,
    );
    expect(v!.v1).toBeGreaterThan(0);
    expect(v!.v2).toBeGreaterThan(0);
    expect(await db().prisma.deliverableWait.count()).toBeGreaterThan(0);
  });

  test("follow deliverable updates of every KPI column, one row or many at once", async () => {
    const prisma = db().prisma;
    const delivered = await prisma.deliverable.findMany({ where: { finalDeliveredAt: { not: null } }, orderBy: { id: "asc" }, take: 6 });
    const [a, b, c, d, e, f] = delivered;
    await prisma.deliverable.update({ where: { id: a!.id }, data: { costMinor: 999n, feeMinor: 123_456n } });
    await prisma.deliverable.update({ where: { id: b!.id }, data: { dueDate: null } });
    await prisma.deliverable.update({ where: { id: c!.id }, data: { type: "Opinion" } });
    // Rejected: no delivery that counts any more; turnaround keeps its first delivery.
    await prisma.deliverable.update({ where: { id: d!.id }, data: { status: "REJECTED", finalDeliveredAt: null } });
    // Redelivered a month later: moves to another month's rollup.
    await prisma.deliverable.update({ where: { id: e!.id }, data: { finalDeliveredAt: new Date(e!.finalDeliveredAt!.getTime() + 31 * 86_400_000) } });
    // To another mandate (another client, perhaps).
    const other = await prisma.mandate.findFirstOrThrow({ where: { id: { not: f!.mandateId } }, orderBy: { id: "desc" } });
    await prisma.deliverable.update({ where: { id: f!.id }, data: { mandateId: other.id } });
    await expectRollupsExact();
    await prisma.deliverable.updateMany({ where: { type: "memo" }, data: { costMinor: null } });
    await prisma.$executeRawUnsafe(`UPDATE "Deliverable" SET "startedAt" = "startedAt" - interval '3 days' WHERE "type" = 'NDA'`);
    // The stored SLA clock (ADR 041): a corrected figure, and a v1 figure restated as v2.
    await prisma.$executeRawUnsafe(`UPDATE "Deliverable" SET "turnaroundBusinessDays" = "turnaroundBusinessDays" + 2 WHERE "type" = 'opinion'`);
    await prisma.$executeRawUnsafe(`UPDATE "Deliverable" SET "turnaroundDefinition" = 'v2' WHERE "turnaroundDefinition" = 'v1' AND "type" = 'memo'`);
    // A title edit changes no KPI column and writes no rollup row.
    await prisma.deliverable.updateMany({ data: { title: "Renamed" } });
    await expectRollupsExact();
  });

  test("follow a mandate's service levels, pricing model, currency and client", async () => {
    const prisma = db().prisma;
    const [m1, m2] = await prisma.mandate.findMany({ where: { deliverables: { some: { finalDeliveredAt: { not: null } } } }, orderBy: { id: "asc" }, take: 2 });
    await prisma.mandate.update({ where: { id: m1!.id }, data: { serviceLevels: [{ deliverableType: "MEMO", turnaroundBusinessDays: 1 }, { deliverableType: "memo", turnaroundBusinessDays: 9 }] } });
    await prisma.mandate.update({ where: { id: m2!.id }, data: { pricingModel: "CAPPED", currency: "USD", clientOrganizationId: portfolio.clientIds.at(-1)! } });
    // Not a list of levels: none apply.
    await prisma.mandate.updateMany({ where: { id: { in: [m2!.id] } }, data: { serviceLevels: { broken: true } } });
    await expectRollupsExact();
  });

  test("take deleted deliverables and mandates away exactly once", async () => {
    const prisma = db().prisma;
    const some = await prisma.deliverable.findMany({ where: { finalDeliveredAt: { not: null } }, orderBy: { id: "desc" }, take: 3 });
    await prisma.deliverable.deleteMany({ where: { id: { in: some.map((d) => d.id) } } });
    const mandate = await prisma.mandate.findFirstOrThrow({ where: { deliverables: { some: { finalDeliveredAt: { not: null } } } }, orderBy: { id: "desc" } });
    // Its deliverables go by cascade: the mandate's trigger takes them away, the deliverables' finds no mandate.
    await prisma.mandate.delete({ where: { id: mandate.id } });
    await expectRollupsExact();
  });
});
