// A playbook's negotiation outcomes counted by the database: one GROUPING SETS query over the
// NegotiationOutcome rows of one playbook in a range, under the viewer's policy, per clause and
// perspective, and the same per quarter, client, counterparty and playbook version. Rows are
// never loaded: the counts come back as one JSON text (as portfolio-sql.ts does). ADR 037.
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import type { MandatePairs } from "../mandates/policy.ts";

export const OUTCOME_KINDS = ["PREFERRED", "FALLBACK", "GREY_ZONE", "RED_LINE", "NOT_APPLICABLE"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** What a breakdown row is grouped by besides clause and outcome. */
export type PositionDimension = "all" | "quarter" | "client" | "counterparty" | "version";

/** Whose outcomes count: the mandates the policy lets through (readableMandatePairs), narrowed to one client and one perspective when asked. */
export type PositionsScope = { pairs: MandatePairs; client: string | null; perspective: string | null };

/** [from, end): instants, `end` excluded. */
export type InstantWindow = { from: Date; end: Date };

/**
 * One count: outcomes of `outcome` (and `fallbackIndex`, 0 unless FALLBACK) for a clause and
 * perspective — or, with `clauseId` null, for every clause together — within one value (`key`)
 * of a dimension. `key` is null for "all", and for a version when the outcome has none recorded.
 */
export type PositionCountRow = {
  dimension: PositionDimension;
  key: string | null;
  clauseId: string | null;
  perspective: string | null;
  outcome: OutcomeKind;
  fallbackIndex: number;
  count: number;
};

export type PositionCounts = {
  rows: PositionCountRow[];
  /** Each clause's name as last recorded within the scope. */
  clauseNames: Map<string, string>;
  clientNames: Map<string, string>;
  /** Lower-cased, trimmed counterparty → the spelling shown: as last written (trimmed), like clause names. */
  counterpartyLabels: Map<string, string>;
};

type Result = {
  counts: { dim: number; key: string | null; clause: string | null; perspective: string | null; outcome: OutcomeKind; fb: number; n: number }[] | null;
  clauses: { id: string; name: string }[] | null;
  clients: { id: string; name: string }[] | null;
  counterparties: { key: string; label: string }[] | null;
};

/** Timestamps are stored as UTC without a zone: compare with plain timestamps. */
const plain = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/**
 * Staff's part of the policy over a row's provider and client: every unwalled client of a provider
 * they administer (with readableMandatePairs' "discover"), their teams' clients elsewhere.
 */
export function staffPairsSql(pairs: MandatePairs, t: string) {
  const col = (name: string) => Prisma.raw(`${t}."${name}"`);
  return Prisma.sql`((${col("providerOrganizationId")} = ANY(${pairs.anyClientOf}::text[]) AND NOT ${col("clientOrganizationId")} = ANY(${pairs.walledClientIds}::text[]))
    OR (${col("providerOrganizationId")} = ANY(${pairs.staffOf}::text[]) AND ${col("clientOrganizationId")} = ANY(${pairs.teamClientIds}::text[])))`;
}

/**
 * The policy as SQL over an outcome's copied provider and client — the same rule as
 * readableMandatesWhere over readableMandatePairs (walls included), as the portfolio's rollups use.
 */
export function readableOutcomesSql(pairs: MandatePairs, t = "o") {
  return Prisma.sql`(${staffPairsSql(pairs, t)} OR ${Prisma.raw(`${t}."clientOrganizationId"`)} = ANY(${pairs.memberOfClientIds}::text[]))`;
}

/** The scope's outcomes of one playbook in the window, as a WHERE over "NegotiationOutcome" o. */
export function scopedOutcomesWhere(documentId: string, scope: PositionsScope, window: InstantWindow) {
  return Prisma.sql`o."documentId" = ${documentId}
    AND o."recordedAt" >= ${plain(window.from)}::timestamp AND o."recordedAt" < ${plain(window.end)}::timestamp
    AND ${readableOutcomesSql(scope.pairs)}
    AND (${scope.client}::text IS NULL OR o."clientOrganizationId" = ${scope.client}::text)
    AND (${scope.perspective}::text IS NULL OR o."perspective" = ${scope.perspective}::text)`;
}

// grouping(quarter, client, cp, version, clause) as a bit mask: 1 = grouped away.
const DIMENSION_OF_MASK: Record<number, { dimension: PositionDimension; perClause: boolean }> = {
  0b11110: { dimension: "all", perClause: true },
  0b01110: { dimension: "quarter", perClause: true },
  0b01111: { dimension: "quarter", perClause: false },
  0b10110: { dimension: "client", perClause: true },
  0b10111: { dimension: "client", perClause: false },
  0b11011: { dimension: "counterparty", perClause: false },
  0b11100: { dimension: "version", perClause: true },
  0b11101: { dimension: "version", perClause: false },
};

/** The query, apart so it can be explained on a real database. */
export function positionCountsSql(documentId: string, scope: PositionsScope, window: InstantWindow) {
  return Prisma.sql`
    WITH s AS MATERIALIZED (
      SELECT o."clauseId" AS clause, o."perspective" AS perspective, o."outcome" AS outcome, coalesce(o."fallbackIndex", 0) AS fb,
        date_trunc('quarter', o."recordedAt") AS quarter, o."clientOrganizationId" AS client, lower(btrim(o."counterparty")) AS cp,
        o."versionNumber" AS version, o."counterparty" AS cp_label, o."clauseName" AS clause_name, o."recordedAt" AS at, o."id" AS id
      FROM "NegotiationOutcome" o
      WHERE ${scopedOutcomesWhere(documentId, scope, window)}
    )
    SELECT json_build_object(
      'counts', (SELECT json_agg(x) FROM (
        SELECT grouping(quarter, client, cp, version, clause) AS dim,
          coalesce(to_char(quarter, 'YYYY-"Q"Q'), client, cp, version::text) AS key,
          CASE WHEN grouping(clause) = 0 THEN clause END AS clause,
          CASE WHEN grouping(clause) = 0 THEN perspective END AS perspective,
          outcome::text AS outcome, fb, count(*)::int AS n
        FROM s
        -- Counterparties only for every clause together: per clause they would be counterparties ×
        -- clauses × positions rows, the bulk of the answer (bench:kpis).
        GROUP BY GROUPING SETS (
          (clause, perspective, outcome, fb),
          (quarter, clause, perspective, outcome, fb), (quarter, outcome, fb),
          (client, clause, perspective, outcome, fb), (client, outcome, fb),
          (cp, outcome, fb),
          (version, clause, perspective, outcome, fb), (version, outcome, fb)
        )) x),
      -- The latest name: the greatest (time, id, name) — a hash aggregate, no sort of every row.
      'clauses', (SELECT json_agg(x) FROM (
        SELECT clause AS id, (max(ARRAY[to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS'), id, clause_name]))[3] AS name FROM s GROUP BY clause) x),
      'clients', (SELECT json_agg(x) FROM (
        SELECT org."id", org."name" FROM "Organization" org WHERE org."id" IN (SELECT DISTINCT client FROM s)) x),
      'counterparties', (SELECT json_agg(x) FROM (
        SELECT cp AS key, btrim((max(ARRAY[to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS'), id, cp_label]))[3]) AS label FROM s GROUP BY cp) x)
    )::text AS result`;
}

export async function loadPositionCounts(db: Db, documentId: string, scope: PositionsScope, window: InstantWindow): Promise<PositionCounts> {
  const [row] = await db.$queryRaw<{ result: string }[]>(positionCountsSql(documentId, scope, window));
  const result = JSON.parse(row?.result ?? "{}") as Result;
  const rows: PositionCountRow[] = [];
  for (const c of result.counts ?? []) {
    const kind = DIMENSION_OF_MASK[c.dim];
    if (!kind) throw new Error(`positions: unexpected grouping ${c.dim}`);
    rows.push({
      dimension: kind.dimension,
      key: kind.dimension === "all" ? null : c.key,
      clauseId: kind.perClause ? c.clause : null,
      perspective: kind.perClause ? (c.perspective ?? "") : null,
      outcome: c.outcome,
      fallbackIndex: c.fb,
      count: c.n,
    });
  }
  return {
    rows,
    clauseNames: new Map((result.clauses ?? []).map((c) => [c.id, c.name])),
    clientNames: new Map((result.clients ?? []).map((c) => [c.id, c.name])),
    counterpartyLabels: new Map((result.counterparties ?? []).map((c) => [c.key, c.label])),
  };
}
