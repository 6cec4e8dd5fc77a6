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

/**
 * One group as the query returns it, an array to keep the JSON small: what it is grouped by
 * (grouping() mask), the quarter, version, client, counterparty as written, clause, clause name,
 * perspective, outcome, fallback index, the count, and the latest `recordedAt` (for names and labels).
 */
type Group = [
  dim: number,
  quarter: string | null,
  version: number | null,
  client: string | null,
  counterparty: string | null,
  clause: string | null,
  clauseName: string | null,
  perspective: string | null,
  outcome: OutcomeKind,
  fallbackIndex: number,
  count: number,
  latest: string | null,
];
type Result = { counts: Group[] | null; clients: { id: string; name: string }[] | null };

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

/**
 * The query, apart so it can be explained on a real database. One pass over the rows, three hash
 * keys (bench:kpis: each further grouping set, each pass over a materialised copy of the rows and
 * each expression per row — lower(), to_char() — showed in the time, ADR 037 addendum). What needs
 * no row-level work is finished in loadPositionCounts: the totals (every clause, every quarter…)
 * are sums of these groups; clause names ride in the quarter set's key (one name per clause, as a
 * rule) with the latest time, and counterparties are grouped as written, then merged ignoring
 * case and surrounding spaces. Counterparties only for every clause together: per clause they
 * would be counterparties × clauses × positions groups, the bulk of the answer.
 */
export function positionCountsSql(documentId: string, scope: PositionsScope, window: InstantWindow) {
  return Prisma.sql`
    WITH g AS MATERIALIZED (
      SELECT grouping(quarter, version, client, cp, clause) AS dim, to_char(quarter, 'YYYY-"Q"Q') AS quarter, version, client, cp,
        clause, name, perspective, outcome::text AS outcome, fb, count(*)::int AS n,
        CASE WHEN grouping(client) = 1 THEN max(at) END AS at
      FROM (
        SELECT o."clauseId" AS clause, o."clauseName" AS name, o."perspective" AS perspective, o."outcome" AS outcome,
          coalesce(o."fallbackIndex", 0) AS fb, date_trunc('quarter', o."recordedAt") AS quarter, o."versionNumber" AS version,
          o."clientOrganizationId" AS client, o."counterparty" AS cp, o."recordedAt" AS at
        FROM "NegotiationOutcome" o
        WHERE ${scopedOutcomesWhere(documentId, scope, window)}
      ) s
      GROUP BY GROUPING SETS ((quarter, version, clause, name, perspective, outcome, fb), (client, clause, perspective, outcome, fb), (cp, outcome, fb))
    )
    SELECT json_build_object(
      'counts', (SELECT json_agg(json_build_array(dim, quarter, version, client, cp, clause, name, perspective, outcome, fb, n, at)) FROM g),
      'clients', (SELECT json_agg(x) FROM (
        SELECT org."id", org."name" FROM "Organization" org WHERE org."id" IN (SELECT client FROM g WHERE dim = ${BY_CLIENT})) x)
    )::text AS result`;
}

/** How counterparties are grouped: ignoring case and surrounding spaces; "" is none written down. */
export const counterpartyKey = (written: string) => written.trim().toLowerCase();

/** Keeps, per key, the text seen at the latest time (ties: the greater text, so the answer never depends on row order). */
function latestText(into: Map<string, { at: string; text: string }>, key: string, at: string, text: string) {
  const seen = into.get(key);
  if (!seen || at > seen.at || (at === seen.at && text > seen.text)) into.set(key, { at, text });
}

export async function loadPositionCounts(db: Db, documentId: string, scope: PositionsScope, window: InstantWindow): Promise<PositionCounts> {
  const [row] = await db.$queryRaw<{ result: string }[]>(positionCountsSql(documentId, scope, window));
  const result = JSON.parse(row?.result ?? "{}") as Result;
  const rows: PositionCountRow[] = [];
  const names = new Map<string, { at: string; text: string }>();
  const labels = new Map<string, { at: string; text: string }>();
  for (const [dim, quarter, version, client, written, clause, name, perspective, outcome, fallbackIndex, count, latest] of result.counts ?? []) {
    const add = (dimension: PositionDimension, key: string | null, clauseId: string | null, clausePerspective: string | null) =>
      rows.push({ dimension, key, clauseId, perspective: clausePerspective, outcome, fallbackIndex, count });
    if (dim === BY_QUARTER_AND_VERSION) {
      const versionKey = version === null ? null : String(version);
      add("all", null, clause, perspective);
      add("quarter", quarter, clause, perspective);
      add("quarter", quarter, null, null);
      add("version", versionKey, clause, perspective);
      add("version", versionKey, null, null);
      latestText(names, clause!, latest!, name!);
    } else if (dim === BY_CLIENT) {
      add("client", client, clause, perspective);
      add("client", client, null, null);
    } else if (dim === BY_COUNTERPARTY) {
      const key = counterpartyKey(written!);
      add("counterparty", key, null, null);
      if (key) latestText(labels, key, latest!, written!.trim());
    } else {
      throw new Error(`positions: unexpected grouping ${dim}`);
    }
  }
  const texts = (map: Map<string, { text: string }>) => new Map([...map].map(([key, { text }]) => [key, text]));
  return {
    rows,
    clauseNames: texts(names),
    clientNames: new Map((result.clients ?? []).map((c) => [c.id, c.name])),
    counterpartyLabels: texts(labels),
  };
}
