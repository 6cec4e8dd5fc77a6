import { can } from "../auth/policy.ts";
import { readableScope } from "../auth/scope.ts";
import type { Viewer } from "../auth/viewer.ts";
import { KPI_MOST_USED_PLAYBOOKS } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { readableDocumentsWhere } from "../documents/policy.ts";
import { invalid, notFound } from "../errors.ts";
import { mandateResource, readableMandatePairs, readableMandatesWhere } from "../mandates/policy.ts";
import { IdSchema } from "../mandates/schema.ts";
import { parseInput } from "../validation.ts";
import { toDayKey } from "../calendars/day-numbers.ts";
import { toCsv } from "./csv.ts";
import { mandateKpisToCsvRows, portfolioKpisToCsvRows } from "./export.ts";
import { computeMandateKpis, type MandateKpis } from "./mandate-kpis.ts";
import {
  deliveredPerMonthFromCounts,
  marginRowsFromTotals,
  rankMostUsedDocuments,
  turnaroundFromTotals,
  type PortfolioKpis,
} from "./portfolio-kpis.ts";
import { loadPortfolioSums } from "./portfolio-sql.ts";
import { toRatio } from "./ratio.ts";
import { presentMandateKpis, presentPortfolioKpis, type PresentedMandateKpis, type PresentedMarginRow, type PresentedPortfolioKpis } from "./presenter.ts";
import { createPositionsKpis } from "./positions.ts";
import { positionsToCsvRows } from "./positions-export.ts";
import { PortfolioQuerySchema, resolveRange } from "./schema.ts";
import type { DeliverableInput, DocumentUsageInput, MandateInput } from "./types.ts";

/**
 * The KPIs over the database, with the viewer's policy inside the WHERE clause
 * (readableMandatesWhere, readableDocumentsWhere). One mandate: its deliverables' narrow rows
 * mapped onto the formulas' inputs. The portfolio: counts and sums added up in SQL
 * (portfolio-sql.ts, which follows the formulas), finished into figures by the formulas' own
 * `…FromTotals` functions — loading every delivered deliverable took seconds at 50,000 (bench:kpis).
 * The pure formulas stay the reference. Rules: docs/decisions/010-kpis.md.
 */

export type KpiServiceDeps = {
  db: Db;
  /** "Today" for the default range and the burn-down (tests and the benchmark fix it). */
  now?: () => Date;
};

/** The portfolio dashboard as it leaves the service. */
export type PortfolioKpisView = Omit<PresentedPortfolioKpis, "marginByPricingModel"> & {
  /** The client organisation the figures are limited to (the filter's, or a client member's own), or null for every mandate the viewer may read. */
  client: { id: string; name: string } | null;
  /** null when the viewer may not see margins (client members: ADR 010 addendum), never an empty guess. */
  marginByPricingModel: PresentedMarginRow[] | null;
};

const CHANGE_SELECT = { select: { toStatus: true, at: true } } as const;

const MANDATE_KPI_SELECT = {
  id: true,
  providerOrganizationId: true,
  clientOrganizationId: true,
  pricingModel: true,
  currency: true,
  budgetMinor: true,
  startDate: true,
  targetDate: true,
  baselineBudgetMinor: true,
  baselineTargetDate: true,
  // Approved change requests step the burn-down's plan (ADR 043).
  changeRequests: { where: { status: "APPROVED" }, select: { decidedAt: true, scope: true, newTargetDate: true } },
} as const satisfies Prisma.MandateSelect;

/** What the formulas read of a deliverable (toDeliverableInput maps it): the mandate dashboard and the status report load this. */
export const KPI_DELIVERABLE_SELECT = {
  id: true,
  mandateId: true,
  type: true,
  status: true,
  dueDate: true,
  baselineDueDate: true,
  feeMinor: true,
  createdAt: true,
  turnaroundBusinessDays: true,
  turnaroundDefinition: true,
  statusChanges: CHANGE_SELECT,
} as const satisfies Prisma.DeliverableSelect;

type DeliverableRow = {
  id: string;
  mandateId: string;
  type: string;
  status: DeliverableInput["status"];
  dueDate: Date | null;
  baselineDueDate: Date | null;
  feeMinor: bigint;
  costMinor?: bigint | null;
  createdAt: Date;
  turnaroundBusinessDays?: number | null;
  turnaroundDefinition?: string | null;
  statusChanges: { toStatus: DeliverableInput["status"]; at: Date }[];
};

export function toDeliverableInput(row: DeliverableRow): DeliverableInput {
  return {
    id: row.id,
    mandateId: row.mandateId,
    type: row.type,
    status: row.status,
    // On time is judged against the baseline (ADR 020), as the rollups' kpi_month_part does.
    dueDate: row.baselineDueDate ?? row.dueDate,
    feeMinor: row.feeMinor,
    costMinor: row.costMinor ?? null,
    statusChanges: row.statusChanges.map((c) => ({ to: c.toStatus, at: c.at })),
    createdAt: row.createdAt,
    turnaroundBusinessDays: row.turnaroundBusinessDays ?? null,
    turnaroundDefinition: row.turnaroundDefinition ?? null,
  };
}

export function createKpiService({ db, now = () => new Date() }: KpiServiceDeps) {
  /** The mandate and its deliverables' status history, or 404 when the viewer may not read it (existence not disclosed). */
  async function loadMandate(viewer: Viewer, mandateId: unknown, asOf: Date): Promise<MandateKpis> {
    const id = parseInput(IdSchema, mandateId);
    const mandate = await db.mandate.findFirst({
      where: { AND: [{ id }, readableMandatesWhere(viewer)] },
      select: MANDATE_KPI_SELECT,
    });
    // The WHERE already applied the policy; `can` is the one rule, asked again so the two cannot drift apart silently.
    if (!mandate || !can(viewer, "read", mandateResource(mandate))) throw notFound("mandate");
    const deliverables = await db.deliverable.findMany({
      where: { mandateId: mandate.id },
      // Every change: the burn-down replays each deliverable's status day by day.
      select: KPI_DELIVERABLE_SELECT,
    });
    const input: MandateInput = {
      id: mandate.id,
      clientOrganizationId: mandate.clientOrganizationId,
      pricingModel: mandate.pricingModel,
      currency: mandate.currency,
      budgetMinor: mandate.budgetMinor,
      startDate: mandate.startDate,
      targetDate: mandate.targetDate,
      baselineBudgetMinor: mandate.baselineBudgetMinor,
      baselineTargetDate: mandate.baselineTargetDate,
      scopeChanges: mandate.changeRequests.map((c) => ({
        approvedAt: c.decidedAt!,
        addedDeliverables: (c.scope as Array<{ count: number }>).reduce((sum, line) => sum + line.count, 0),
        targetDate: c.newTargetDate,
      })),
      // The mandate dashboard has no turnaround and no margin: not loaded, so a client's figures never touch costs.
      serviceLevels: [],
    };
    return computeMandateKpis(input, deliverables.map(toDeliverableInput), asOf);
  }

  /** `client` as the viewer may see it: their own organisation, or a client of a mandate they may read. Otherwise 404, whether or not it exists. */
  async function requireClient(viewer: Viewer, clientId: string) {
    const own = viewer.memberships.find((m) => m.role === "CLIENT" && m.organizationId === clientId);
    if (own) return { id: own.organizationId, name: own.organizationName };
    const seen = await db.mandate.findFirst({
      where: { AND: [readableMandatesWhere(viewer, "discover"), { clientOrganizationId: clientId }] },
      select: { client: { select: { id: true, name: true } } },
    });
    if (!seen) throw notFound("client");
    return seen.client;
  }

  /**
   * The one client organisation whose mandates are all the viewer may read — a client member of
   * one organisation and staff nowhere — so the dashboard names it rather than "every client".
   * Null for anyone else: the figures then span every mandate they may read.
   */
  function ownOrganizationOnly(viewer: Viewer): { id: string; name: string } | null {
    const scope = readableScope(viewer);
    if (scope.staffOrganizationIds.length || scope.memberOfClientIds.length !== 1) return null;
    const own = viewer.memberships.find((m) => m.organizationId === scope.memberOfClientIds[0]);
    return own ? { id: own.organizationId, name: own.organizationName } : null;
  }

  async function loadPortfolio(viewer: Viewer, raw: unknown) {
    const query = parseInput(PortfolioQuerySchema, raw);
    const range = resolveRange(query, now());
    if ("issues" in range) throw invalid(range.issues);
    const client = query.client ? await requireClient(viewer, query.client) : null;

    // The portfolio counts every mandate the viewer may know of: an admin's, all of them (ADR 013).
    const mandateWhere: Prisma.MandateWhereInput = { AND: [readableMandatesWhere(viewer, "discover"), client ? { clientOrganizationId: client.id } : {}] };
    // Margins, cost rates and effort are the provider's: only its staff see them, and only for
    // their own provider's mandates (a person may be staff at one firm and a client elsewhere).
    const pairs = readableMandatePairs(readableScope(viewer), "discover");
    const seeMargin = pairs.staffOf.length > 0;

    const end = new Date(range.to.getTime() + 86_400_000);
    // The sums run in the database over exactly the organisations the policy lets through (portfolio-sql.ts).
    const [sums, usage] = await Promise.all([
      loadPortfolioSums(db, { pairs, client: client?.id ?? null }, range, { margin: seeMargin }),
      playbookUsage(viewer, mandateWhere, range.from, end),
    ]);

    const kpis: PortfolioKpis = {
      range: { from: toDayKey(range.from), to: toDayKey(range.to) },
      onTimeRate: toRatio(sums.onTime.onTime, sums.onTime.judged),
      turnaround: turnaroundFromTotals(sums.turnaroundByType),
      deliveredPerMonth: deliveredPerMonthFromCounts(sums.deliveredPerMonth, range),
      mostUsedPlaybooks: rankMostUsedDocuments(usage, KPI_MOST_USED_PLAYBOOKS),
      marginByPricingModel: [],
    };
    if (seeMargin) {
      kpis.marginByPricingModel = marginRowsFromTotals(
        sums.margin.map((m) => ({
          pricingModel: m.pricingModel,
          currency: m.currency,
          count: m.measured,
          fees: m.feesMinor,
          cost: m.costMinor,
          unmeasured: m.unmeasured,
          unmeasuredFees: m.unmeasuredFeesMinor,
        })),
      );
    }
    return { kpis, client: client ?? ownOrganizationOnly(viewer), seeMargin };
  }

  /**
   * Links per playbook the viewer may read, from mandates they may read, attached within the
   * range. Toolkit members count (ADR 010 addendum): a playbook a toolkit brought is in use on
   * that mandate as much as one attached by hand; the toolkit's own link is not a playbook.
   */
  async function playbookUsage(viewer: Viewer, mandateWhere: Prisma.MandateWhereInput, from: Date, end: Date): Promise<DocumentUsageInput[]> {
    const groups = await db.resourceLink.groupBy({
      by: ["documentId"],
      where: {
        mandate: mandateWhere,
        attachedAt: { gte: from, lt: end },
        document: { AND: [readableDocumentsWhere(viewer), { kind: "PLAYBOOK" }] },
      },
      _count: { _all: true },
    });
    if (!groups.length) return [];
    // Titles for every counted playbook, so ties rank by title exactly as the formula says.
    const titles = await db.document.findMany({ where: { id: { in: groups.map((g) => g.documentId) } }, select: { id: true, title: true } });
    const titleOf = new Map(titles.map((t) => [t.id, t.title]));
    return groups.map((g) => ({ documentId: g.documentId, title: titleOf.get(g.documentId) ?? "", linkCount: g._count._all }));
  }

  const positions = createPositionsKpis({ db, now, requireClient });

  const service = {
    ...positions,

    /** A playbook's positions analytics as CSV (server/kpis/positions-export.ts). */
    async positionsKpisCsv(viewer: Viewer, raw: unknown): Promise<string> {
      return toCsv(positionsToCsvRows(await positions.positionsKpis(viewer, raw)));
    },

    /** One mandate's dashboard: deliverables by status, burn-down, budget, on-time rate. 404 for a mandate the viewer may not read. */
    async mandateKpis(viewer: Viewer, mandateId: unknown, asOf: Date = now()): Promise<PresentedMandateKpis> {
      return presentMandateKpis(await loadMandate(viewer, mandateId, asOf));
    },

    /** The same figures as RFC 4180 CSV (server/kpis/export.ts). */
    async mandateKpisCsv(viewer: Viewer, mandateId: unknown, asOf: Date = now()): Promise<string> {
      return toCsv(mandateKpisToCsvRows(await loadMandate(viewer, mandateId, asOf)));
    },

    /** The portfolio dashboard over `{ from?, to?, client? }` (400 naming each bad one; 404 for a client the viewer may not see). */
    async portfolioKpis(viewer: Viewer, raw: unknown): Promise<PortfolioKpisView> {
      const { kpis, client, seeMargin } = await loadPortfolio(viewer, raw);
      const presented = presentPortfolioKpis(kpis, seeMargin);
      return { ...presented, client, marginByPricingModel: seeMargin ? presented.marginByPricingModel : null };
    },

    /** The portfolio as CSV; margin rows only for the provider's staff. */
    async portfolioKpisCsv(viewer: Viewer, raw: unknown): Promise<string> {
      const { kpis, seeMargin } = await loadPortfolio(viewer, raw);
      return toCsv(portfolioKpisToCsvRows(kpis, seeMargin));
    },

    /**
     * The range a portfolio query resolves to, defaults filled in, as days ("2026-01-01"): the
     * API names CSV downloads with it and a form can show it. 400 like portfolioKpis.
     */
    portfolioRange(raw: unknown): { from: string; to: string } {
      const range = resolveRange(parseInput(PortfolioQuerySchema, raw), now());
      if ("issues" in range) throw invalid(range.issues);
      return { from: toDayKey(range.from), to: toDayKey(range.to) };
    },
  };
  return service;
}

export type KpiService = ReturnType<typeof createKpiService>;
