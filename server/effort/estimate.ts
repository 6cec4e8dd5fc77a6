import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { DELIVERED_STATUSES, type DeliverableStatus } from "../mandates/transitions.ts";

/**
 * Estimate at completion of a mandate (ADR 039): the cost so far (its rated time entries) plus,
 * for each open deliverable, what it is still expected to cost — the median cost of the
 * provider's delivered deliverables of its type (ignoring case) in the mandate's currency, less
 * what it has cost so far, never below nothing. An open deliverable whose type has no such
 * history adds nothing and is listed, so the estimate says what it leaves out.
 *
 * A loss warning: on a fixed fee per deliverable, a deliverable whose cost so far, or expected
 * cost, is above its fee.
 */

export type LossWarning = "cost_above_fee" | "expected_above_fee";

export type DeliverableEstimate = {
  id: string;
  title: string;
  type: string;
  open: boolean;
  feeMinor: bigint;
  spentMinor: bigint;
  unratedMinutes: number;
  /** What it will have cost when done: spent (delivered), the type's median or spent if more (open), null without history. */
  expectedMinor: bigint | null;
  loss: LossWarning | null;
};

export type TypeHistory = { type: string; delivered: number; medianCostMinor: bigint };

export type MandateEstimate = {
  currency: string;
  costSoFarMinor: bigint;
  remainingMinor: bigint;
  eacMinor: bigint;
  feesMinor: bigint;
  budgetMinor: bigint;
  unratedMinutes: number;
  history: TypeHistory[];
  /** Open deliverables without history of their type: their remaining cost is not in the estimate. */
  withoutHistory: { id: string; title: string; type: string }[];
  deliverables: DeliverableEstimate[];
};

type MandateForEstimate = { id: string; providerOrganizationId: string; currency: string; pricingModel: string; budgetMinor: bigint };

export function lossOf(pricingModel: string, fee: bigint, spent: bigint, expected: bigint | null): LossWarning | null {
  if (pricingModel !== "FIXED_PER_DELIVERABLE") return null;
  if (spent > fee) return "cost_above_fee";
  if (expected !== null && expected > fee) return "expected_above_fee";
  return null;
}

export async function estimateMandate(db: Db, mandate: MandateForEstimate): Promise<MandateEstimate> {
  const [deliverables, spent] = await Promise.all([
    db.deliverable.findMany({
      where: { mandateId: mandate.id },
      select: { id: true, title: true, type: true, status: true, feeMinor: true, unratedMinutes: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.timeEntry.groupBy({ by: ["deliverableId"], where: { mandateId: mandate.id }, _sum: { costMinor: true } }),
  ]);
  const spentOf = new Map(spent.map((s) => [s.deliverableId, s._sum.costMinor ?? 0n]));
  const isOpen = (status: DeliverableStatus) => !DELIVERED_STATUSES.includes(status);
  const openTypes = [...new Set(deliverables.filter((d) => isOpen(d.status)).map((d) => d.type.toLowerCase()))];
  const rows = openTypes.length
    ? await db.$queryRaw<{ type: string; n: number; median: number }[]>(Prisma.sql`
        SELECT lower(d."type") AS type, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY d."costMinor") AS median
        FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId"
        WHERE m."providerOrganizationId" = ${mandate.providerOrganizationId} AND m."currency" = ${mandate.currency}
          AND d."status" IN ('DELIVERED', 'ACCEPTED') AND d."costMinor" IS NOT NULL AND lower(d."type") = ANY(${openTypes}::text[])
        GROUP BY 1 ORDER BY 1`)
    : [];
  // Half a minor unit of an even count's median rounds up (medians of whole amounts end in .0 or .5).
  const history: TypeHistory[] = rows.map((r) => ({ type: r.type, delivered: r.n, medianCostMinor: BigInt(Math.round(Number(r.median))) }));
  const medianOf = new Map(history.map((h) => [h.type, h.medianCostMinor]));

  let costSoFar = 0n;
  let remaining = 0n;
  let fees = 0n;
  let unrated = 0;
  const withoutHistory: MandateEstimate["withoutHistory"] = [];
  const estimates = deliverables.map((d): DeliverableEstimate => {
    const open = isOpen(d.status);
    const spentMinor = spentOf.get(d.id) ?? 0n;
    const median = medianOf.get(d.type.toLowerCase());
    const expectedMinor = !open ? spentMinor : median === undefined ? null : median > spentMinor ? median : spentMinor;
    costSoFar += spentMinor;
    fees += d.feeMinor;
    unrated += d.unratedMinutes;
    if (expectedMinor !== null) remaining += expectedMinor - spentMinor;
    else withoutHistory.push({ id: d.id, title: d.title, type: d.type });
    return {
      id: d.id,
      title: d.title,
      type: d.type,
      open,
      feeMinor: d.feeMinor,
      spentMinor,
      unratedMinutes: d.unratedMinutes,
      expectedMinor,
      loss: lossOf(mandate.pricingModel, d.feeMinor, spentMinor, expectedMinor),
    };
  });
  return {
    currency: mandate.currency,
    costSoFarMinor: costSoFar,
    remainingMinor: remaining,
    eacMinor: costSoFar + remaining,
    feesMinor: fees,
    budgetMinor: mandate.budgetMinor,
    unratedMinutes: unrated,
    history,
    withoutHistory,
    deliverables: estimates,
  };
}
