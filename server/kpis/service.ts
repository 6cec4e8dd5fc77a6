import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { KPI_MOST_USED_PLAYBOOKS } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { readableDocumentsWhere } from "../documents/policy.ts";
import { invalid, notFound } from "../errors.ts";
import { isProviderStaff, mandateResource, readableMandatesWhere } from "../mandates/policy.ts";
import { IdSchema } from "../mandates/schema.ts";
import { parseInput } from "../validation.ts";
import { toDayKey } from "./calendar.ts";
import { toCsv } from "./csv.ts";
import { mandateKpisToCsvRows, portfolioKpisToCsvRows } from "./export.ts";
import { computeMandateKpis, type MandateKpis } from "./mandate-kpis.ts";
import { computePortfolioKpis } from "./portfolio-kpis.ts";
import { presentMandateKpis, presentPortfolioKpis, type PresentedMandateKpis, type PresentedMarginRow, type PresentedPortfolioKpis } from "./presenter.ts";
import { PortfolioQuerySchema, resolveRange } from "./schema.ts";
import type { DeliverableInput, DocumentUsageInput, MandateInput, ServiceLevel } from "./types.ts";

/**
 * The KPIs over the database: loads only the columns the formulas in this folder read, with the
 * viewer's policy inside the WHERE clause (readableMandatesWhere, readableDocumentsWhere), maps the
 * rows onto the formulas' plain inputs and presents the result. The formulas stay pure and are
 * the reference; nothing here computes a figure itself. Rules: docs/decisions/010-kpis.md.
 */

export type KpiServiceDeps = {
  db: Db;
  /** "Today" for the default range and the burn-down (tests and the benchmark fix it). */
  now?: () => Date;
};

/** The portfolio dashboard as it leaves the service. */
export type PortfolioKpisView = Omit<PresentedPortfolioKpis, "marginByPricingModel"> & {
  /** The client organisation the figures are limited to, or null for every mandate the viewer may read. */
  client: { id: string; name: string } | null;
  /** null when the viewer may not see margins (client members: ADR 010 addendum), never an empty guess. */
  marginByPricingModel: PresentedMarginRow[] | null;
};

const DELIVERY_STATUSES = ["DELIVERED", "ACCEPTED"] as const;
/** The changes the portfolio formulas read: first IN_PROGRESS and first/last DELIVERED (turnaround, delivery), ACCEPTED as a fallback delivery. */
const PORTFOLIO_CHANGE_STATUSES = ["IN_PROGRESS", "DELIVERED", "ACCEPTED"] as const;

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
} as const satisfies Prisma.MandateSelect;

/** Service levels are checked on write (server/mandates/schema.ts); anything else reads as none. */
function serviceLevelsOf(json: Prisma.JsonValue): ServiceLevel[] {
  if (!Array.isArray(json)) return [];
  return json.filter(
    (l): l is ServiceLevel =>
      typeof l === "object" && l !== null && typeof (l as ServiceLevel).deliverableType === "string" && typeof (l as ServiceLevel).turnaroundBusinessDays === "number",
  );
}

type DeliverableRow = {
  id: string;
  mandateId: string;
  type: string;
  status: DeliverableInput["status"];
  dueDate: Date | null;
  feeMinor: bigint;
  effortMinutes?: number | null;
  createdAt: Date;
  statusChanges: { toStatus: DeliverableInput["status"]; at: Date }[];
};

function toDeliverableInput(row: DeliverableRow): DeliverableInput {
  return {
    id: row.id,
    mandateId: row.mandateId,
    type: row.type,
    status: row.status,
    dueDate: row.dueDate,
    feeMinor: row.feeMinor,
    effortMinutes: row.effortMinutes ?? null,
    statusChanges: row.statusChanges.map((c) => ({ to: c.toStatus, at: c.at })),
    createdAt: row.createdAt,
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
      select: { id: true, mandateId: true, type: true, status: true, dueDate: true, feeMinor: true, createdAt: true, statusChanges: CHANGE_SELECT },
    });
    const input: MandateInput = {
      id: mandate.id,
      clientOrganizationId: mandate.clientOrganizationId,
      pricingModel: mandate.pricingModel,
      currency: mandate.currency,
      budgetMinor: mandate.budgetMinor,
      startDate: mandate.startDate,
      targetDate: mandate.targetDate,
      // The mandate dashboard has no turnaround and no margin: not loaded, so a client's figures never touch the cost rate.
      serviceLevels: [],
      costRateMinorPerHour: null,
    };
    return computeMandateKpis(input, deliverables.map(toDeliverableInput), asOf);
  }

  /** `client` as the viewer may see it: their own organisation, or a client of a mandate they may read. Otherwise 404, whether or not it exists. */
  async function requireClient(viewer: Viewer, clientId: string) {
    const own = viewer.memberships.find((m) => m.role === "CLIENT" && m.organizationId === clientId);
    if (own) return { id: own.organizationId, name: own.organizationName };
    const seen = await db.mandate.findFirst({
      where: { AND: [readableMandatesWhere(viewer), { clientOrganizationId: clientId }] },
      select: { client: { select: { id: true, name: true } } },
    });
    if (!seen) throw notFound("client");
    return seen.client;
  }

  async function loadPortfolio(viewer: Viewer, raw: unknown) {
    const query = parseInput(PortfolioQuerySchema, raw);
    const range = resolveRange(query, now());
    if ("issues" in range) throw invalid(range.issues);
    const client = query.client ? await requireClient(viewer, query.client) : null;

    const mandateWhere: Prisma.MandateWhereInput = { AND: [readableMandatesWhere(viewer), client ? { clientOrganizationId: client.id } : {}] };
    // Margins, cost rates and effort are the provider's: only its staff see them, and only for
    // their own provider's mandates (a person may be staff at one firm and a client elsewhere).
    const staffProviders = viewer.memberships.filter((m) => m.role !== "CLIENT").map((m) => m.organizationId);
    const seeMargin = staffProviders.length > 0;

    // A deliverable matters if a delivery (DELIVERED, or ACCEPTED without one) falls in the range:
    // that covers its final delivery (on time, per month, margin) and its first (turnaround). The
    // formulas then pick the exact change; this only keeps the rest of the history out.
    const end = new Date(range.to.getTime() + 86_400_000);
    const deliveredInRange: Prisma.DeliverableStatusChangeListRelationFilter = {
      some: { toStatus: { in: [...DELIVERY_STATUSES] }, at: { gte: range.from, lt: end } },
    };

    const [mandates, deliverables, usage] = await Promise.all([
      db.mandate.findMany({
        where: { AND: [mandateWhere, { deliverables: { some: { statusChanges: deliveredInRange } } }] },
        select: { ...MANDATE_KPI_SELECT, serviceLevels: true, costRateMinor: seeMargin },
      }),
      db.deliverable.findMany({
        where: { mandate: mandateWhere, statusChanges: deliveredInRange },
        select: {
          id: true,
          mandateId: true,
          type: true,
          status: true,
          dueDate: true,
          feeMinor: true,
          effortMinutes: seeMargin,
          createdAt: true,
          statusChanges: { where: { toStatus: { in: [...PORTFOLIO_CHANGE_STATUSES] } }, ...CHANGE_SELECT },
        },
      }),
      playbookUsage(viewer, mandateWhere, range.from, end),
    ]);

    const mandateInputs: MandateInput[] = mandates.map((m) => ({
      id: m.id,
      clientOrganizationId: m.clientOrganizationId,
      pricingModel: m.pricingModel,
      currency: m.currency,
      budgetMinor: m.budgetMinor,
      startDate: m.startDate,
      targetDate: m.targetDate,
      serviceLevels: serviceLevelsOf(m.serviceLevels),
      costRateMinorPerHour: isProviderStaff(viewer, m.providerOrganizationId) ? (m.costRateMinor ?? null) : null,
    }));
    const deliverableInputs = deliverables.map(toDeliverableInput);
    const kpis = computePortfolioKpis({
      mandates: mandateInputs,
      deliverables: deliverableInputs,
      playbookUsage: usage,
      range,
      mostUsedLimit: KPI_MOST_USED_PLAYBOOKS,
    });
    if (seeMargin) {
      // Margin over the viewer's own providers' mandates only.
      const own = new Set(mandates.filter((m) => isProviderStaff(viewer, m.providerOrganizationId)).map((m) => m.id));
      if (own.size !== mandates.length) {
        const margin = computePortfolioKpis({
          mandates: mandateInputs.filter((m) => own.has(m.id)),
          deliverables: deliverableInputs.filter((d) => own.has(d.mandateId)),
          playbookUsage: [],
          range,
        }).marginByPricingModel;
        return { kpis: { ...kpis, marginByPricingModel: margin }, client, seeMargin };
      }
    }
    return { kpis: seeMargin ? kpis : { ...kpis, marginByPricingModel: [] }, client, seeMargin };
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

  const service = {
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
      const presented = presentPortfolioKpis(kpis);
      return { ...presented, client, marginByPricingModel: seeMargin ? presented.marginByPricingModel : null };
    },

    /** The portfolio as CSV; margin rows only for the provider's staff. */
    async portfolioKpisCsv(viewer: Viewer, raw: unknown): Promise<string> {
      const { kpis } = await loadPortfolio(viewer, raw);
      return toCsv(portfolioKpisToCsvRows(kpis));
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
