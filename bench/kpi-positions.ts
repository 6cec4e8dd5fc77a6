/**
 * Negotiation outcomes for the KPI benchmark: `perDeliverable` outcomes (one per clause) on every
 * generated deliverable, against one of `playbooks` playbooks, written by one INSERT … SELECT over
 * generate_series (not a Prisma create per row). Deterministic: every choice is a hash of the
 * seed, the deliverable and the clause. Also the naive peer: every row of the playbook loaded with
 * findMany, filtered by the policy with `can` and counted in JavaScript.
 */
import { can } from "../server/auth/policy.ts";
import type { Viewer } from "../server/auth/viewer.ts";
import type { Db } from "../server/db/database.ts";
import { mandateResource } from "../server/mandates/policy.ts";
import { addToTally, emptyTally, type PositionTally } from "../server/kpis/positions-kpis.ts";

export type OutcomeOptions = { perDeliverable: number; playbooks: number; seed: number };

/** Inserts the outcomes; returns how many there are. Playbook i is the bench's document `doc-i`. */
export async function generateOutcomes(db: Db, { perDeliverable, playbooks, seed }: OutcomeOptions): Promise<number> {
  // h(salt): a stable pseudo-random integer in [0, 1000) per (seed, deliverable, clause, salt).
  const h = (salt: string) => `(abs(hashtext('${seed}:' || d."id" || ':' || c || ':${salt}')) % 1000)`;
  await db.$executeRawUnsafe(`
    INSERT INTO "NegotiationOutcome" ("id", "deliverableId", "mandateId", "providerOrganizationId", "clientOrganizationId", "documentId",
      "versionNumber", "clauseId", "clauseName", "perspective", "outcome", "fallbackIndex", "counterparty", "recordedAt", "updatedAt")
    SELECT d."id" || '-o' || c, d."id", m."id", m."providerOrganizationId", m."clientOrganizationId",
      'doc-' || (abs(hashtext('${seed}:' || d."id")) % ${playbooks}),
      -- Versions follow time: a new one every year of the three.
      1 + least(2, greatest(0, floor(extract(epoch FROM at - TIMESTAMP '2023-11-27') / (365 * 86400))))::int,
      'clause-' || c, 'Clause ' || c, CASE WHEN c <= ${Math.ceil(perDeliverable / 2)} THEN 'recipient' ELSE 'discloser' END,
      o.outcome::"OutcomeKind", CASE WHEN o.outcome = 'FALLBACK' THEN 1 + ${h("fb")} % 3 END,
      -- 200 counterparties, written in three casings.
      (ARRAY['Counterparty ', 'COUNTERPARTY ', 'counterparty '])[1 + ${h("case")} % 3] || (${h("cp")} % 200), at, at
    FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId"
    CROSS JOIN generate_series(1, ${perDeliverable}) AS c
    CROSS JOIN LATERAL (SELECT coalesce(d."finalDeliveredAt", d."createdAt") + (c * interval '1 minute') AS at) t
    CROSS JOIN LATERAL (SELECT CASE
      WHEN ${h("o")} < 450 THEN 'PREFERRED' WHEN ${h("o")} < 800 THEN 'FALLBACK' WHEN ${h("o")} < 880 THEN 'GREY_ZONE'
      WHEN ${h("o")} < 930 THEN 'RED_LINE' ELSE 'NOT_APPLICABLE' END AS outcome) o`);
  await db.$executeRawUnsafe(`ANALYZE "NegotiationOutcome"`);
  return db.negotiationOutcome.count();
}

export type NaivePositions = { clauses: { clauseId: string; perspective: string; tally: PositionTally }[]; quarters: { quarter: string; tally: PositionTally }[] };

/** The peer: findMany every row of the playbook, then the policy, filters and counts in memory. */
export async function naivePositions(
  db: Db,
  viewer: Viewer,
  documentId: string,
  { from, end, client, perspective }: { from: Date; end: Date; client?: string; perspective?: string },
): Promise<NaivePositions> {
  const rows = await db.negotiationOutcome.findMany({ where: { documentId } });
  const clauses = new Map<string, { clauseId: string; perspective: string; tally: PositionTally }>();
  const quarters = new Map<string, { quarter: string; tally: PositionTally }>();
  for (const r of rows) {
    if (r.recordedAt < from || r.recordedAt >= end) continue;
    if (client && r.clientOrganizationId !== client) continue;
    if (perspective !== undefined && r.perspective !== perspective) continue;
    if (!can(viewer, "discover", mandateResource(r))) continue;
    const key = `${r.clauseId}\u0000${r.perspective}`;
    if (!clauses.has(key)) clauses.set(key, { clauseId: r.clauseId, perspective: r.perspective, tally: emptyTally() });
    addToTally(clauses.get(key)!.tally, r.outcome, r.fallbackIndex ?? 0, 1);
    const quarter = `${r.recordedAt.getUTCFullYear()} Q${Math.floor(r.recordedAt.getUTCMonth() / 3) + 1}`;
    if (!quarters.has(quarter)) quarters.set(quarter, { quarter, tally: emptyTally() });
    addToTally(quarters.get(quarter)!.tally, r.outcome, r.fallbackIndex ?? 0, 1);
  }
  return {
    clauses: [...clauses.values()].sort((a, b) => (a.clauseId + a.perspective < b.clauseId + b.perspective ? -1 : 1)),
    quarters: [...quarters.values()].sort((a, b) => (a.quarter < b.quarter ? -1 : 1)),
  };
}
