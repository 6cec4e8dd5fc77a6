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
/** `actual` is null for days after `asOf` (not happened yet). */
export type BurndownPoint = { date: string; ideal: number; actual: number | null };
/**
 * `hasIdeal` is false for a mandate without a target date: there is no line to burn towards, the
 * points' `ideal` is 0 as a placeholder and must not be drawn or exported (kept a number so the
 * point shape stays the one the charts already read).
 */
export type Burndown = { granularity: BurndownGranularity; scope: number; hasIdeal: boolean; points: BurndownPoint[] };

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
 */
export function computeBurndown(
  mandate: Pick<MandateInput, "startDate" | "targetDate">,
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
  const span = target - start;
  const points = days.map((day) => {
    const idealRaw = !hasIdeal || span === 0 || day >= target ? 0 : (scope * (target - day)) / span;
    return {
      date: dayNumberToKey(day),
      ideal: Math.round(idealRaw * 100) / 100,
      actual: day > today ? null : deliverables.filter((d) => isOpenAtEndOfDay(d, day)).length,
    };
  });
  return { granularity: resolved, scope, hasIdeal, points };
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
};

/** Budget consumed against agreed, in the mandate's currency (deliverables carry no currency of their own). */
export function computeBudget(
  mandate: Pick<MandateInput, "pricingModel" | "currency" | "budgetMinor">,
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
