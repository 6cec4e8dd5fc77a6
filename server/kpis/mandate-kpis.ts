// KPIs of one mandate: deliverables by status, burn-down, budget, on-time rate.

import { dayNumberToKey, toDayNumber } from "../calendars/day-numbers.ts";
import { getFinalDeliveryAt, isDeliveredOnTime, isDone, isOpenAtEndOfDay } from "./delivery.ts";
import { NOT_OWED_STATUSES } from "../mandates/transitions.ts";
import { toRatio } from "./ratio.ts";
import { DELIVERABLE_STATUSES, type DeliverableInput, type DeliverableStatus, type MandateInput, type Ratio } from "./types.ts";

export type StatusCount = { status: DeliverableStatus; count: number };

/** Every status, in workflow order, with 0 where none: a chart's bars never move around. */
export function countDeliverablesByStatus(deliverables: readonly DeliverableInput[]): StatusCount[] {
  const counts = new Map<DeliverableStatus, number>(DELIVERABLE_STATUSES.map((s) => [s, 0]));
  for (const d of deliverables) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  return DELIVERABLE_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

export type BurndownGranularity = "day" | "week";
/**
 * `actual` is null for days after `asOf` (not happened yet). `baseline`, only once a change
 * request was approved, is the ideal line as first planned (ADR 043).
 */
export type BurndownPoint = { date: string; ideal: number; actual: number | null; baseline?: number };
/** Where the plan stepped: an approved change request's day, what it added and the target it set. */
export type BurndownChange = { date: string; addedDeliverables: number; targetDate: string | null };
/**
 * `hasIdeal` is false for a mandate without a target date: there is no line to burn towards, the
 * points' `ideal` is 0 as a placeholder and must not be drawn or exported (kept a number so the
 * point shape stays the one the charts already read).
 */
export type Burndown = { granularity: BurndownGranularity; scope: number; hasIdeal: boolean; points: BurndownPoint[]; changes?: BurndownChange[] };

/** Past this many days a daily burn-down is too dense to read: "auto" switches to weeks. */
const MAX_DAILY_POINTS = 62;

/**
 * Remaining open deliverables at the end of each day from the start date to the target date —
 * or to `asOf` when the mandate runs late, so the overrun shows. A deliverable is open from the
 * day it was created until it is DELIVERED or ACCEPTED (isOpenAtEndOfDay): before it existed it
 * is not counted, so scope added later shows as a rise. A rejected deliverable is open again
 * from the day of its rejection. Scope is the mandate's current deliverables; the ideal line
 * falls linearly from it on the start date to 0 on the target date, rounded to 2 decimals (a
 * chart line, not money). Weekly points fall every 7 days from the start, plus today (the
 * current week's figure, which the grid would otherwise leave to next week) and the last day.
 *
 * Approved change requests (`scopeChanges`, ADR 043) step the plan: the first plan burns the
 * scope less every change's added deliverables from the start to the baseline target date; from
 * each approval day the ideal is what the plan in force had left that day plus the deliverables
 * the change added, falling to 0 on the target date it set. Each approval day is a point, and
 * every point carries `baseline`, the first plan's line, to draw beside it.
 */
export function computeBurndown(
  mandate: Pick<MandateInput, "startDate" | "targetDate" | "baselineTargetDate" | "scopeChanges">,
  deliverables: readonly DeliverableInput[],
  asOf: Date,
  granularity: BurndownGranularity | "auto" = "auto",
): Burndown {
  const start = toDayNumber(mandate.startDate);
  const hasIdeal = mandate.targetDate !== null;
  const today = toDayNumber(asOf);
  // Open-ended: the chart runs from the start to today (at least the start day).
  const target = mandate.targetDate ? Math.max(start, toDayNumber(mandate.targetDate)) : Math.max(start, today);
  const end = Math.max(target, today);
  const resolved: BurndownGranularity = granularity === "auto" ? (end - start + 1 > MAX_DAILY_POINTS ? "week" : "day") : granularity;
  const step = resolved === "day" ? 1 : 7;
  const days: number[] = [];
  for (let day = start; day <= end; day += step) {
    if (days.length && days[days.length - 1]! < today && today < day) days.push(today);
    days.push(day);
  }
  if (days[days.length - 1]! < today) days.push(today);
  if (days[days.length - 1] !== end) days.push(end);

  const scope = deliverables.length;
  const changes = [...(mandate.scopeChanges ?? [])].sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime());
  const round = (n: number) => Math.round(n * 100) / 100;
  const open = (day: number) => (day > today ? null : deliverables.filter((d) => isOpenAtEndOfDay(d, day)).length);
  if (!changes.length) {
    const span = target - start;
    const points = days.map((day) => {
      const idealRaw = !hasIdeal || span === 0 || day >= target ? 0 : (scope * (target - day)) / span;
      return { date: dayNumberToKey(day), ideal: round(idealRaw), actual: open(day) };
    });
    return { granularity: resolved, scope, hasIdeal, points };
  }

  // The plans in force, each from its day: a straight line from `level` to 0 on its target.
  type Plan = { from: number; target: number | null; level: number };
  const lineAt = (plan: Plan, day: number) =>
    plan.target === null || day >= plan.target || plan.target <= plan.from ? 0 : (plan.level * (plan.target - day)) / (plan.target - plan.from);
  const baselineTarget = mandate.baselineTargetDate ? toDayNumber(mandate.baselineTargetDate) : null;
  const added = changes.reduce((sum, c) => sum + c.addedDeliverables, 0);
  const plans: Plan[] = [{ from: start, target: baselineTarget, level: Math.max(0, scope - added) }];
  for (const change of changes) {
    const from = Math.max(start, toDayNumber(change.approvedAt));
    const before = plans[plans.length - 1]!;
    plans.push({ from, target: change.targetDate ? toDayNumber(change.targetDate) : before.target, level: lineAt(before, from) + change.addedDeliverables });
  }
  const planOn = (day: number) => plans.filter((p) => p.from <= day).at(-1)!;
  const stepDays = plans.slice(1).map((p) => p.from);
  const allDays = [...new Set([...days, ...stepDays.filter((d) => d <= end), ...(baselineTarget !== null && baselineTarget <= end ? [baselineTarget] : [])])].sort((a, b) => a - b);
  const points = allDays.map((day) => ({
    date: dayNumberToKey(day),
    ideal: hasIdeal ? round(lineAt(planOn(day), day)) : 0,
    actual: open(day),
    baseline: round(lineAt(plans[0]!, day)),
  }));
  const burndownChanges = changes.map((c, i) => ({
    date: dayNumberToKey(plans[i + 1]!.from),
    addedDeliverables: c.addedDeliverables,
    targetDate: c.targetDate ? dayNumberToKey(toDayNumber(c.targetDate)) : null,
  }));
  return { granularity: resolved, scope, hasIdeal, points, changes: burndownChanges };
}

export type Budget = {
  currency: string;
  agreedMinor: number;
  /** Fees of DELIVERED and ACCEPTED deliverables: what the client owes for work handed over. */
  consumedMinor: number;
  /** Fees of every deliverable, REJECTED ones (to be redelivered) included: the value of the scope. */
  plannedMinor: number;
  /** agreed − consumed; negative when over budget. */
  remainingMinor: number;
  consumed: Ratio;
  /** CAPPED only: the cap, what can be billed under it, and whether work went past it. */
  cap: { capMinor: number; billableMinor: number; overCapMinor: number } | null;
  /** The budget as first agreed, once an approved change request moved it (ADR 043). */
  baselineMinor?: number;
};

/** Budget consumed against agreed, in the mandate's currency (deliverables carry no currency of their own). */
export function computeBudget(
  mandate: Pick<MandateInput, "pricingModel" | "currency" | "budgetMinor" | "baselineBudgetMinor">,
  deliverables: readonly DeliverableInput[],
): Budget {
  let consumed = 0n;
  let planned = 0n;
  for (const d of deliverables) {
    planned += BigInt(d.feeMinor);
    if (isDone(d.status)) consumed += BigInt(d.feeMinor);
  }
  const agreed = BigInt(mandate.budgetMinor);
  const cap =
    mandate.pricingModel === "CAPPED"
      ? {
          capMinor: Number(agreed),
          billableMinor: Number(consumed < agreed ? consumed : agreed),
          overCapMinor: Number(consumed > agreed ? consumed - agreed : 0n),
        }
      : null;
  return {
    currency: mandate.currency,
    agreedMinor: Number(agreed),
    consumedMinor: Number(consumed),
    plannedMinor: Number(planned),
    remainingMinor: Number(agreed - consumed),
    consumed: toRatio(consumed, agreed),
    cap,
    ...(mandate.baselineBudgetMinor !== undefined && mandate.baselineBudgetMinor !== null ? { baselineMinor: Number(mandate.baselineBudgetMinor) } : {}),
  };
}

export type OnTime = {
  rate: Ratio;
  /** Delivered now with a due date: the rate's denominator. */
  delivered: number;
  onTime: number;
  late: number;
  awaitingRedelivery: number;
  /** Delivered now but without a due date: left out of the rate (nothing to be on time for). */
  withoutDueDate: number;
};

/**
 * Delivered on or before the due date / delivered, over deliverables that are DELIVERED or
 * ACCEPTED now, judged by their final delivery (see getFinalDeliveryAt). REJECTED ones are not
 * delivered: they are left out of the rate and counted as `awaitingRedelivery`.
 */
export function computeOnTime(deliverables: readonly DeliverableInput[]): OnTime {
  let delivered = 0;
  let onTime = 0;
  let awaitingRedelivery = 0;
  let withoutDueDate = 0;
  for (const d of deliverables) {
    if (d.status === "REJECTED") awaitingRedelivery += 1;
    const at = getFinalDeliveryAt(d);
    if (!at) continue;
    const timely = isDeliveredOnTime(d, at);
    if (timely === null) {
      withoutDueDate += 1;
      continue;
    }
    delivered += 1;
    if (timely) onTime += 1;
  }
  return { rate: toRatio(onTime, delivered), delivered, onTime, late: delivered - onTime, awaitingRedelivery, withoutDueDate };
}

export type MandateKpis = {
  mandateId: string;
  byStatus: StatusCount[];
  burndown: Burndown;
  budget: Budget;
  onTime: OnTime;
};

/**
 * Everything the mandate dashboard shows, from the mandate and its deliverables. A request not yet
 * accepted, or declined, is not work owed (ADR 042): it is counted by status, and nowhere else —
 * not in the burn-down's scope, the fees or the on-time rate.
 */
export function computeMandateKpis(mandate: MandateInput, deliverables: readonly DeliverableInput[], asOf: Date): MandateKpis {
  const own = deliverables.filter((d) => d.mandateId === mandate.id);
  const owed = own.filter((d) => !NOT_OWED_STATUSES.includes(d.status));
  return {
    mandateId: mandate.id,
    byStatus: countDeliverablesByStatus(own),
    burndown: computeBurndown(mandate, owed, asOf),
    budget: computeBudget(mandate, owed),
    onTime: computeOnTime(owed),
  };
}
