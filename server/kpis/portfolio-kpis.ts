// KPIs across mandates over a range of UTC days: on-time rate, turnaround against the service
// levels, deliveries per month, most-used documents and margin per pricing model.

import { toDayKey, toDayNumber } from "../calendars/day-numbers.ts";
import { monthKeysBetween, toMonthKey } from "./calendar.ts";
import { getFinalDeliveryAt, getFirstChangeAt, isDeliveredOnTime } from "./delivery.ts";
import { divideRounded, toRatio } from "./ratio.ts";
import type { DayRange, DeliverableInput, DocumentUsageInput, MandateInput, PricingModel, Ratio } from "./types.ts";

function isInRange(instant: Date, range: DayRange): boolean {
  const day = toDayNumber(instant);
  return day >= toDayNumber(range.from) && day <= toDayNumber(range.to);
}

/** Deliverables whose final delivery falls in the range, with that delivery. */
function deliveredInRange(deliverables: readonly DeliverableInput[], range: DayRange) {
  const result: { deliverable: DeliverableInput; deliveredAt: Date }[] = [];
  for (const deliverable of deliverables) {
    const deliveredAt = getFinalDeliveryAt(deliverable);
    if (deliveredAt && isInRange(deliveredAt, range)) result.push({ deliverable, deliveredAt });
  }
  return result;
}

function indexMandates(mandates: readonly MandateInput[]): Map<string, MandateInput> {
  return new Map(mandates.map((m) => [m.id, m]));
}

/** A deliverable of a mandate the caller did not pass is a caller's bug: say so, never guess. */
function requireMandate(byId: Map<string, MandateInput>, deliverable: DeliverableInput): MandateInput {
  const mandate = byId.get(deliverable.mandateId);
  if (!mandate) throw new Error(`deliverable ${deliverable.id} belongs to mandate ${deliverable.mandateId}, which was not given`);
  return mandate;
}

/** On time / delivered, over deliverables finally delivered within the range. */
export function computePortfolioOnTimeRate(deliverables: readonly DeliverableInput[], range: DayRange): Ratio {
  const delivered = deliveredInRange(deliverables, range);
  // Deliverables without a due date have nothing to be on time for: out of both sides of the rate.
  const judged = delivered.map(({ deliverable, deliveredAt }) => isDeliveredOnTime(deliverable, deliveredAt)).filter((t) => t !== null);
  return toRatio(judged.filter(Boolean).length, judged.length);
}

export type TurnaroundSummary = {
  /** Deliverables first delivered in the range with a stored turnaround (ADR 041). */
  measured: number;
  /** Of those, how many were measured under turnaround definition v1 (server/kpis/definitions.ts). */
  measuredV1: number;
  /** Mean business days, in hundredths (integer): 150 = 1.50 days; null when none measured. */
  averageHundredths: number | null;
  /** Of those whose mandate has a service level for their type: how many, their mean SLA, and the share within it. */
  withSla: number;
  averageSlaHundredths: number | null;
  withinSla: Ratio;
};
export type Turnaround = TurnaroundSummary & { byType: ({ deliverableType: string } & TurnaroundSummary)[] };

type TurnaroundSample = { type: string; days: number; sla: number | null; v1: boolean };

/**
 * What a turnaround summary is made of: counts and sums, so the database can add them up
 * (server/kpis/portfolio-sql.ts) and these functions still make every figure.
 */
export type TurnaroundTotals = { measured: number; sumDays: number; withSla: number; sumSla: number; withinSla: number; measuredV1: number };

const NO_TOTALS: TurnaroundTotals = { measured: 0, sumDays: 0, withSla: 0, sumSla: 0, withinSla: 0, measuredV1: 0 };

function totalsOfSamples(samples: readonly TurnaroundSample[]): TurnaroundTotals {
  const totals: TurnaroundTotals = { ...NO_TOTALS };
  for (const s of samples) {
    totals.measured += 1;
    totals.sumDays += s.days;
    if (s.v1) totals.measuredV1 += 1;
    if (s.sla === null) continue;
    totals.withSla += 1;
    totals.sumSla += s.sla;
    if (s.days <= s.sla) totals.withinSla += 1;
  }
  return totals;
}

export function summariseTurnaroundTotals(t: TurnaroundTotals): TurnaroundSummary {
  const average = (sum: number, count: number) => (count === 0 ? null : Number(divideRounded(BigInt(sum) * 100n, BigInt(count))));
  return {
    measured: t.measured,
    measuredV1: t.measuredV1,
    averageHundredths: average(t.sumDays, t.measured),
    withSla: t.withSla,
    averageSlaHundredths: average(t.sumSla, t.withSla),
    withinSla: toRatio(t.withinSla, t.withSla),
  };
}

/** The whole turnaround from per-type totals (types with nothing measured are left out, as the samples would). */
export function turnaroundFromTotals(byType: readonly ({ deliverableType: string } & TurnaroundTotals)[]): Turnaround {
  const measuredTypes = byType.filter((t) => t.measured > 0);
  const all: TurnaroundTotals = { ...NO_TOTALS };
  for (const t of measuredTypes) {
    all.measured += t.measured;
    all.measuredV1 += t.measuredV1;
    all.sumDays += t.sumDays;
    all.withSla += t.withSla;
    all.sumSla += t.sumSla;
    all.withinSla += t.withinSla;
  }
  return {
    ...summariseTurnaroundTotals(all),
    byType: [...measuredTypes]
      .sort((a, b) => (a.deliverableType < b.deliverableType ? -1 : a.deliverableType > b.deliverableType ? 1 : 0))
      .map(({ deliverableType, ...totals }) => ({ deliverableType, ...summariseTurnaroundTotals(totals) })),
  };
}

/**
 * The turnaround each deliverable first delivered within the range stored at that delivery
 * (server/sla/turnaround.ts: requested or created → first delivery, business days of the
 * mandate's calendar, waiting on the client excluded — or v1's figure for older deliveries), so a
 * later rejection, calendar or definition does not change it, against the service level of its
 * mandate for its type. A deliverable without a stored figure is left out.
 */
export function computeTurnaround(mandates: readonly MandateInput[], deliverables: readonly DeliverableInput[], range: DayRange): Turnaround {
  const byId = indexMandates(mandates);
  const samples: TurnaroundSample[] = [];
  for (const deliverable of deliverables) {
    const delivered = getFirstChangeAt(deliverable, "DELIVERED");
    const days = deliverable.turnaroundBusinessDays ?? null;
    if (!delivered || days === null || !isInRange(delivered, range)) continue;
    const mandate = requireMandate(byId, deliverable);
    // Types match their service level ignoring case, as the mandate form promises (server/mandates/schema.ts).
    const type = deliverable.type.toLowerCase();
    const level = mandate.serviceLevels.find((l) => l.deliverableType.toLowerCase() === type);
    samples.push({ type: deliverable.type, days, sla: level?.turnaroundBusinessDays ?? null, v1: deliverable.turnaroundDefinition === "v1" });
  }
  const types = [...new Set(samples.map((s) => s.type))];
  return turnaroundFromTotals(types.map((deliverableType) => ({ deliverableType, ...totalsOfSamples(samples.filter((s) => s.type === deliverableType)) })));
}

export type MonthlyCount = { month: string; delivered: number };

/** Deliverables finally delivered per UTC month ("2026-03"), every month of the range present. */
export function countDeliveredPerMonth(deliverables: readonly DeliverableInput[], range: DayRange): MonthlyCount[] {
  const counts = new Map<string, number>();
  for (const { deliveredAt } of deliveredInRange(deliverables, range)) {
    const month = toMonthKey(deliveredAt);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return deliveredPerMonthFromCounts([...counts].map(([month, delivered]) => ({ month, delivered })), range);
}

/** Counts per month (from the formula above or from the database) onto every month of the range, 0 where none. */
export function deliveredPerMonthFromCounts(counts: readonly MonthlyCount[], range: DayRange): MonthlyCount[] {
  const months = new Map(monthKeysBetween(range.from, range.to).map((month) => [month, 0]));
  for (const { month, delivered } of counts) if (months.has(month)) months.set(month, (months.get(month) ?? 0) + delivered);
  return [...months].map(([month, delivered]) => ({ month, delivered }));
}

/** The top `limit` documents by link count; unused ones are left out; ties by title, then id, so the order is stable. */
export function rankMostUsedDocuments(usages: readonly DocumentUsageInput[], limit: number): DocumentUsageInput[] {
  return usages
    .filter((u) => u.linkCount > 0)
    .sort((a, b) => b.linkCount - a.linkCount || a.title.localeCompare(b.title) || (a.documentId < b.documentId ? -1 : 1))
    .slice(0, Math.max(0, limit));
}

export type MarginRow = {
  pricingModel: PricingModel;
  currency: string;
  /** Deliverables whose fee and cost are both known. */
  deliverables: number;
  /** Fees of every delivered deliverable, measured or not: a fee is known without any effort. */
  feesMinor: number;
  /** Of those, the measured deliverables' fees: what the margin is taken over. */
  measuredFeesMinor: number;
  costMinor: number;
  /** measured fees − cost. */
  marginMinor: number;
  /** (measured fees − cost) / measured fees; "no-data" when they are 0 (nothing measured, or FIXED_PER_PERIOD work without a fee per deliverable). */
  margin: Ratio;
  /** Delivered deliverables left out for lack of time entered, or of a rate for some of it (ADR 039). */
  unmeasured: number;
};

/**
 * Margin per pricing model AND currency — amounts in different currencies are never added (no
 * exchange rates here; docs/decisions/010-kpis.md). Over deliverables finally delivered within
 * the range: cost = the deliverable's cost, the sum of its time entries each priced by its
 * role's rate card (ADR 039, which replaced effort × the mandate's blended rate).
 */
export function computeMarginByPricingModel(
  mandates: readonly MandateInput[],
  deliverables: readonly DeliverableInput[],
  range: DayRange,
): MarginRow[] {
  const byId = indexMandates(mandates);
  const rows = new Map<string, MarginTotals>();
  for (const { deliverable } of deliveredInRange(deliverables, range)) {
    const mandate = requireMandate(byId, deliverable);
    const acc = marginTotalsFor(rows, mandate);
    if (deliverable.costMinor === null) {
      acc.unmeasured += 1;
      acc.unmeasuredFees += BigInt(deliverable.feeMinor);
      continue;
    }
    acc.count += 1;
    acc.fees += BigInt(deliverable.feeMinor);
    acc.cost += BigInt(deliverable.costMinor);
  }
  return marginRowsFromTotals([...rows.values()]);
}

/** Sums of one margin row: `fees` and `cost` are the measured deliverables' (`count`); `unmeasuredFees` the others'. */
export type MarginTotals = {
  pricingModel: PricingModel;
  currency: string;
  count: number;
  fees: bigint;
  cost: bigint;
  unmeasured: number;
  unmeasuredFees: bigint;
};

/** The row of `mandate`'s pricing model and currency in `rows`, created empty on first use. */
function marginTotalsFor(rows: Map<string, MarginTotals>, mandate: Pick<MandateInput, "pricingModel" | "currency">): MarginTotals {
  const key = `${mandate.pricingModel}\u0000${mandate.currency}`;
  let acc = rows.get(key);
  if (!acc) {
    acc = { pricingModel: mandate.pricingModel, currency: mandate.currency, count: 0, fees: 0n, cost: 0n, unmeasured: 0, unmeasuredFees: 0n };
    rows.set(key, acc);
  }
  return acc;
}

/** Margin rows from their sums (from the formula above or from the database), in a stable order. */
export function marginRowsFromTotals(totals: readonly MarginTotals[]): MarginRow[] {
  return [...totals]
    .sort((a, b) => a.pricingModel.localeCompare(b.pricingModel) || a.currency.localeCompare(b.currency))
    .map((acc) => {
      const { cost } = acc;
      return {
        pricingModel: acc.pricingModel,
        currency: acc.currency,
        deliverables: acc.count,
        feesMinor: Number(acc.fees + acc.unmeasuredFees),
        measuredFeesMinor: Number(acc.fees),
        costMinor: Number(cost),
        marginMinor: Number(acc.fees - cost),
        margin: toRatio(acc.fees - cost, acc.fees),
        unmeasured: acc.unmeasured,
      };
    });
}

export type PortfolioKpis = {
  range: { from: string; to: string };
  onTimeRate: Ratio;
  turnaround: Turnaround;
  deliveredPerMonth: MonthlyCount[];
  mostUsedPlaybooks: DocumentUsageInput[];
  marginByPricingModel: MarginRow[];
};

export const MOST_USED_DEFAULT_LIMIT = 10;

/** Everything the portfolio dashboard shows. `playbookUsage` is the link counts of playbooks only. */
export function computePortfolioKpis(input: {
  mandates: readonly MandateInput[];
  deliverables: readonly DeliverableInput[];
  playbookUsage: readonly DocumentUsageInput[];
  range: DayRange;
  mostUsedLimit?: number;
}): PortfolioKpis {
  const { mandates, deliverables, range } = input;
  return {
    range: { from: toDayKey(range.from), to: toDayKey(range.to) },
    onTimeRate: computePortfolioOnTimeRate(deliverables, range),
    turnaround: computeTurnaround(mandates, deliverables, range),
    deliveredPerMonth: countDeliveredPerMonth(deliverables, range),
    mostUsedPlaybooks: rankMostUsedDocuments(input.playbookUsage, input.mostUsedLimit ?? MOST_USED_DEFAULT_LIMIT),
    marginByPricingModel: computeMarginByPricingModel(mandates, deliverables, range),
  };
}
