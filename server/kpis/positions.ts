// A playbook's positions analytics under the viewer's policy: the playbook must be readable (404
// otherwise), the outcomes counted are those of the mandates the viewer may know of (the
// portfolio's rule, walls included; a client member only their own organisation's), summed by
// the database (positions-sql.ts) and finished into rates here. ADR 037.
import { can } from "../auth/policy.ts";
import { readableScope } from "../auth/scope.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { ACCESS_SELECT, documentResource, readableDocumentsWhere } from "../documents/policy.ts";
import { invalid, notFound } from "../errors.ts";
import { readableMandatePairs } from "../mandates/policy.ts";
import { parseInput } from "../validation.ts";
import { toDayKey } from "../calendars/day-numbers.ts";
import { kpiDefinition, type KpiDefinition } from "./definitions.ts";
import { portfolioKpiIds } from "./export.ts";
import { NO_COUNTERPARTY, emptyTally, quarterLabel, tallyBy, withRates, type PositionFigures } from "./positions-kpis.ts";
import { loadPositionCounts, type PositionCountRow, type PositionsScope } from "./positions-sql.ts";
import { latestVersionsWithOutcomes, loadVersionFigures, type VersionFigures } from "./positions-versions.ts";
import { presentMarginRow, type PresentedMarginRow } from "./presenter.ts";
import { PositionVersionsQuerySchema, PositionsQuerySchema, resolveRange } from "./schema.ts";

const DAY_MS = 86_400_000;

export type ClauseFigures = { clauseId: string; clauseName: string; perspective: string; figures: PositionFigures };

/** One value of a breakdown (a quarter, a client, a counterparty, a version): every clause together, and each clause. */
export type PositionBreakdown = { key: string | null; label: string; total: PositionFigures; clauses: ClauseFigures[] };

export type PositionsView = {
  document: { id: string; title: string };
  range: { from: string; to: string };
  /** The client the figures are limited to (the filter's), or null. */
  client: { id: string; name: string } | null;
  perspective: string | null;
  /** The perspectives the counted outcomes were recorded under ("" = any). */
  perspectives: string[];
  total: PositionFigures;
  clauses: ClauseFigures[];
  byQuarter: PositionBreakdown[];
  byClient: PositionBreakdown[];
  byCounterparty: PositionBreakdown[];
  byVersion: PositionBreakdown[];
};

export type VersionComparisonView = {
  document: { id: string; title: string };
  client: { id: string; name: string } | null;
  versions: (Omit<VersionFigures, "margin"> & { margin: PresentedMarginRow[] | null })[];
  /** What the delivery figures per version measure (ADR 041). */
  definitions: KpiDefinition[];
};

export type PositionsDeps = {
  db: Db;
  now: () => Date;
  /** The portfolio's client check: the viewer's own organisation or a client of a mandate they may know of; 404 otherwise. */
  requireClient: (viewer: Viewer, clientId: string) => Promise<{ id: string; name: string }>;
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function createPositionsKpis({ db, now, requireClient }: PositionsDeps) {
  /** The playbook, or 404 when the viewer may not read it (existence not disclosed); 400 naming documentId for another kind of document. */
  async function requirePlaybook(viewer: Viewer, documentId: string) {
    const doc = await db.document.findFirst({
      where: { AND: [{ id: documentId }, readableDocumentsWhere(viewer)] },
      select: { id: true, title: true, kind: true, ...ACCESS_SELECT },
    });
    if (!doc || !can(viewer, "read", documentResource(doc))) throw notFound("document");
    if (doc.kind !== "PLAYBOOK") throw invalid([{ path: "documentId", message: "Outcomes are recorded against playbooks: choose a playbook." }]);
    return { id: doc.id, title: doc.title };
  }

  /** Whose outcomes count: what the portfolio counts (every mandate the viewer may know of, walls included), narrowed on request. */
  function scopeOf(viewer: Viewer, client: string | null, perspective: string | null): PositionsScope {
    return { pairs: readableMandatePairs(readableScope(viewer), "discover"), client, perspective };
  }

  function clauseFigures(rows: readonly PositionCountRow[], names: Map<string, string>): ClauseFigures[] {
    return tallyBy(
      rows.filter((r) => r.clauseId !== null),
      (r) => `${r.clauseId}\u0000${r.perspective}`,
      (r) => ({ clauseId: r.clauseId!, perspective: r.perspective ?? "" }),
    )
      .map(({ group, figures }) => ({ ...group, clauseName: names.get(group.clauseId) ?? group.clauseId, figures }))
      .sort((a, b) => a.clauseName.localeCompare(b.clauseName) || byText(a.perspective, b.perspective) || byText(a.clauseId, b.clauseId));
  }

  function breakdown(rows: readonly PositionCountRow[], dimension: PositionCountRow["dimension"], names: Map<string, string>, labelOf: (key: string | null) => string) {
    // One pass to group the rows by value: a filter per value would be values × rows (200 counterparties × thousands of rows).
    const byKey = new Map<string | null, PositionCountRow[]>();
    for (const r of rows) {
      if (r.dimension !== dimension) continue;
      const list = byKey.get(r.key);
      if (list) list.push(r);
      else byKey.set(r.key, [r]);
    }
    return [...byKey].map(([key, ofKey]): PositionBreakdown => {
      const [total] = tallyBy(ofKey.filter((r) => r.clauseId === null), () => "total", () => null);
      return { key, label: labelOf(key), total: total!.figures, clauses: clauseFigures(ofKey, names) };
    });
  }

  async function load(viewer: Viewer, raw: unknown): Promise<PositionsView> {
    const query = parseInput(PositionsQuerySchema, raw);
    const range = resolveRange(query, now());
    if ("issues" in range) throw invalid(range.issues);
    const document = await requirePlaybook(viewer, query.documentId);
    const client = query.client ? await requireClient(viewer, query.client) : null;
    const perspective = query.perspective ?? null;
    const window = { from: range.from, end: new Date(range.to.getTime() + DAY_MS) };
    const counts = await loadPositionCounts(db, document.id, scopeOf(viewer, client?.id ?? null, perspective), window);
    const { rows, clauseNames } = counts;

    const all = rows.filter((r) => r.dimension === "all");
    const [total] = tallyBy(all, () => "total", () => null);
    const clauses = clauseFigures(all, clauseNames);
    const byQuarter = breakdown(rows, "quarter", clauseNames, (k) => quarterLabel(k ?? "")).sort((a, b) => byText(a.key ?? "", b.key ?? ""));
    const byClient = breakdown(rows, "client", clauseNames, (k) => counts.clientNames.get(k ?? "") ?? "").sort((a, b) => a.label.localeCompare(b.label));
    const byCounterparty = breakdown(rows, "counterparty", clauseNames, (k) => (k ? (counts.counterpartyLabels.get(k) ?? k) : NO_COUNTERPARTY)).sort(
      (a, b) => b.total.deals - a.total.deals || a.label.localeCompare(b.label),
    );
    const byVersion = breakdown(rows, "version", clauseNames, (k) => (k === null ? "Version not recorded" : `Version ${k}`)).sort(
      (a, b) => (a.key === null ? 1 : b.key === null ? -1 : Number(a.key) - Number(b.key)),
    );
    return {
      document,
      range: { from: toDayKey(range.from), to: toDayKey(range.to) },
      client,
      perspective,
      perspectives: [...new Set(clauses.map((c) => c.perspective))].sort(byText),
      total: total?.figures ?? withRates(emptyTally()),
      clauses,
      byQuarter,
      byClient,
      byCounterparty,
      byVersion,
    };
  }

  return {
    /** A playbook's positions analytics over `{ documentId, from?, to?, client?, perspective? }`: 400 naming each bad parameter, 404 for a playbook or client the viewer may not see. */
    positionsKpis: load,

    /** The range a positions query resolves to, as days: the API names CSV downloads with it. */
    positionsRange(raw: unknown): { from: string; to: string } {
      const range = resolveRange(parseInput(PositionsQuerySchema, raw), now());
      if ("issues" in range) throw invalid(range.issues);
      return { from: toDayKey(range.from), to: toDayKey(range.to) };
    },

    /**
     * Versions side by side (`{ documentId, versions?, client? }`; by default the two latest with
     * outcomes). Effort and margin only for the provider's staff, over their own providers'
     * mandates: null for a client member (ADR 010 addendum).
     */
    async positionVersions(viewer: Viewer, raw: unknown): Promise<VersionComparisonView> {
      const query = parseInput(PositionVersionsQuerySchema, raw);
      const document = await requirePlaybook(viewer, query.documentId);
      const client = query.client ? await requireClient(viewer, query.client) : null;
      const scope = scopeOf(viewer, client?.id ?? null, null);
      const internals = scope.pairs.staffOf.length > 0;
      const versions = query.versions ? [...new Set(query.versions)].sort((a, b) => a - b) : (await latestVersionsWithOutcomes(db, document.id, scope, 2)).reverse();
      const figures = await loadVersionFigures(db, document.id, scope, versions, { internals });
      return {
        document,
        client,
        versions: figures.map((v) => ({ ...v, margin: v.margin ? v.margin.map(presentMarginRow) : null })),
        definitions: portfolioKpiIds(internals).map(kpiDefinition),
      };
    },
  };
}
