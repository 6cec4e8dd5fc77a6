// A playbook's negotiation outcomes counted by the database: one GROUPING SETS query over the
// NegotiationOutcome rows of one playbook in a range, under the viewer's policy — per quarter,
// version, clause and perspective; per client and clause; per counterparty — from which the
// totals are summed here. Rows are never loaded: the counts come back as one JSON text (as
// portfolio-sql.ts does). ADR 037.
import type { Db } from "../db/database.ts";
import { Prisma, type OutcomeKind } from "../db/generated/client.ts";
import type { MandatePairs } from "../mandates/policy.ts";

export type { OutcomeKind };

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

type Group = {
  dim: number;
  quarter: string | null;
  version: number | null;
  client: string | null;
  cp: string | null;
  clause: string | null;
  perspective: string | null;
  outcome: OutcomeKind;
  fb: number;
  n: number;
};
type Result = {
  counts: Group[] | null;
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

// grouping(quarter, version, client, cp, clause) as a bit mask (1 = grouped away) of the three sets.
const BY_QUARTER_AND_VERSION = 0b00110;
const BY_CLIENT = 0b11010;
const BY_COUNTERPARTY = 0b11101;

/** The query, apart so it can be explained on a real database. */
export function positionCountsSql(documentId: string, scope: PositionsScope, window: InstantWindow) {
  return Prisma.sql`
    WITH s AS MATERIALIZED (
      SELECT o."clauseId" AS clause, o."perspective" AS perspective, o."outcome" AS outcome, coalesce(o."fallbackIndex", 0) AS fb,
        date_trunc('quarter', o."recordedAt") AS quarter, o."clientOrganizationId" AS client, lower(btrim(o."counterparty")) AS cp,
        o."versionNumber" AS version, o."counterparty" AS cp_label, o."clauseName" AS clause_name, o."recordedAt" AS at, o."id" AS id
      FROM "NegotiationOutcome" o
      WHERE ${scopedOutcomesWhere(documentId, scope, window)}
    ), g AS MATERIALIZED (
      -- Three hash keys over the rows; the totals (every clause, every quarter…) are sums of these
      -- few groups, added up in loadPositionCounts: each further grouping set cost a hash key per
      -- row (bench:kpis). Counterparties only for every clause together: per clause they would be
      -- counterparties × clauses × positions groups, the bulk of the answer.
      SELECT grouping(quarter, version, client, cp, clause) AS dim, to_char(quarter, 'YYYY-"Q"Q') AS quarter, version, client, cp,
        clause, perspective, outcome::text AS outcome, fb, count(*)::int AS n
      FROM s
      GROUP BY GROUPING SETS ((quarter, version, clause, perspective, outcome, fb), (client, clause, perspective, outcome, fb), (cp, outcome, fb))
    )
    SELECT json_build_object(
      'counts', (SELECT json_agg(g) FROM g),
      -- The latest name: the greatest (time, id, name) — a hash aggregate, no sort of every row.
      'clauses', (SELECT json_agg(x) FROM (
        SELECT clause AS id, (max(ARRAY[to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS'), id, clause_name]))[3] AS name FROM s GROUP BY clause) x),
      'clients', (SELECT json_agg(x) FROM (
        SELECT org."id", org."name" FROM "Organization" org WHERE org."id" IN (SELECT client FROM g WHERE dim = ${BY_CLIENT})) x),
      'counterparties', (SELECT json_agg(x) FROM (
        SELECT cp AS key, btrim((max(ARRAY[to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS'), id, cp_label]))[3]) AS label FROM s GROUP BY cp) x)
    )::text AS result`;
}

export async function loadPositionCounts(db: Db, documentId: string, scope: PositionsScope, window: InstantWindow): Promise<PositionCounts> {
  const [row] = await db.$queryRaw<{ result: string }[]>(positionCountsSql(documentId, scope, window));
  const result = JSON.parse(row?.result ?? "{}") as Result;
  const rows: PositionCountRow[] = [];
  const add = (dimension: PositionDimension, key: string | null, clauseId: string | null, perspective: string | null, c: Group) =>
    rows.push({ dimension, key, clauseId, perspective, outcome: c.outcome, fallbackIndex: c.fb, count: c.n });
  for (const c of result.counts ?? []) {
    if (c.dim === BY_QUARTER_AND_VERSION) {
      const version = c.version === null ? null : String(c.version);
      add("all", null, c.clause, c.perspective, c);
      add("quarter", c.quarter, c.clause, c.perspective, c);
      add("quarter", c.quarter, null, null, c);
      add("version", version, c.clause, c.perspective, c);
      add("version", version, null, null, c);
    } else if (c.dim === BY_CLIENT) {
      add("client", c.client, c.clause, c.perspective, c);
      add("client", c.client, null, null, c);
    } else if (c.dim === BY_COUNTERPARTY) {
      add("counterparty", c.cp, null, null, c);
    } else {
      throw new Error(`positions: unexpected grouping ${c.dim}`);
    }
  }
  return {
    rows,
    clauseNames: new Map((result.clauses ?? []).map((c) => [c.id, c.name])),
    clientNames: new Map((result.clients ?? []).map((c) => [c.id, c.name])),
    counterpartyLabels: new Map((result.counterparties ?? []).map((c) => [c.key, c.label])),
  };
}
