import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { presentMoney } from "../mandates/money.ts";
import { dayKey } from "../mandates/rows.ts";
import { CLOSED_MANDATE_STATUSES } from "../mandates/transitions.ts";
import type { MandateEstimate } from "./estimate.ts";
import type { RateCardRow } from "./rate-cards.ts";
import { TASK_CODES, TASK_CODE_KEYS, type TaskCode } from "./task-codes.ts";
import { timeResource, type DeliverableForTime, type TimeEntryRow } from "./time-entries.ts";

/**
 * What leaves the server about effort and cost (ADR 039): only ever to the provider's staff
 * (the services refuse everyone else before this runs). Fields are listed, never spread.
 */

const money = (minor: bigint | null, currency: string) => (minor === null ? null : presentMoney(minor, currency));

export const LOSS_MESSAGES = {
  cost_above_fee: "Its cost so far is above its fixed fee: it is losing money.",
  expected_above_fee: "Its expected cost is above its fixed fee: it will lose money.",
} as const;

export function presentTimeEntry(e: TimeEntryRow, mandate: DeliverableForTime["mandate"], viewer: Viewer) {
  return {
    id: e.id,
    deliverableId: e.deliverableId,
    person: e.user ? { id: e.user.id, name: e.user.name } : null,
    date: dayKey(e.date),
    minutes: e.minutes,
    taskCode: e.taskCode,
    task: TASK_CODES[e.taskCode as TaskCode] ?? e.taskCode,
    note: e.note,
    role: e.role,
    rated: e.costMinor !== null,
    hourlyRate: money(e.hourlyRateMinor, mandate.currency),
    cost: money(e.costMinor, mandate.currency),
    /** Migrated from effort typed before time entries, at the mandate's blended rate. */
    migrated: e.role === null && e.rateCardId === null && e.hourlyRateMinor !== null,
    canChange: can(viewer, "update", timeResource(mandate, e.userId)) && !CLOSED_MANDATE_STATUSES.includes(mandate.status),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function presentEstimate(estimate: MandateEstimate) {
  const c = estimate.currency;
  return {
    currency: c,
    costSoFar: presentMoney(estimate.costSoFarMinor, c),
    remaining: presentMoney(estimate.remainingMinor, c),
    estimateAtCompletion: presentMoney(estimate.eacMinor, c),
    fees: presentMoney(estimate.feesMinor, c),
    budget: presentMoney(estimate.budgetMinor, c),
    /** Fees less the estimate: the margin expected at completion. */
    marginAtCompletion: presentMoney(estimate.feesMinor - estimate.eacMinor, c),
    /** Budget less the estimate. */
    budgetLeftAtCompletion: presentMoney(estimate.budgetMinor - estimate.eacMinor, c),
    unratedMinutes: estimate.unratedMinutes,
    basis: estimateBasis(estimate),
    history: estimate.history.map((h) => ({ type: h.type, delivered: h.delivered, medianCost: presentMoney(h.medianCostMinor, c) })),
    withoutHistory: estimate.withoutHistory,
    deliverables: estimate.deliverables.map((d) => ({
      id: d.id,
      title: d.title,
      type: d.type,
      open: d.open,
      fee: presentMoney(d.feeMinor, c),
      spent: presentMoney(d.spentMinor, c),
      expected: money(d.expectedMinor, c),
      unratedMinutes: d.unratedMinutes,
      loss: d.loss ? { code: d.loss, message: LOSS_MESSAGES[d.loss] } : null,
    })),
  };
}

/** The estimate's basis in words, as the mandate page states it. */
function estimateBasis(e: MandateEstimate): string[] {
  const lines = [
    "Cost so far: the time entered on the mandate's deliverables, each entry at its role's rate card on its day.",
    "Remaining: for each open deliverable, the median cost of the provider's delivered deliverables of its type in " +
      `${e.currency}, less what it has cost so far (never below nothing).`,
  ];
  for (const h of e.history) lines.push(`${h.type}: median of ${h.delivered} delivered deliverable${h.delivered === 1 ? "" : "s"}.`);
  if (e.withoutHistory.length) {
    lines.push(`Not in the estimate: ${e.withoutHistory.length} open deliverable${e.withoutHistory.length === 1 ? "" : "s"} of a type with no delivered history (${[...new Set(e.withoutHistory.map((w) => w.type))].join(", ")}).`);
  }
  if (e.unratedMinutes) lines.push(`Not in the cost: ${e.unratedMinutes} minutes of time that no rate card prices.`);
  return lines;
}

export function presentTimeSheet(
  { deliverable, entries, estimate }: { deliverable: DeliverableForTime; entries: TimeEntryRow[]; estimate: MandateEstimate },
  viewer: Viewer,
) {
  const { mandate } = deliverable;
  const mine = estimate.deliverables.find((d) => d.id === deliverable.id);
  const closed = CLOSED_MANDATE_STATUSES.includes(mandate.status);
  const team = [
    ...new Map(mandate.members.map((m) => [m.userId, { id: m.user.id, name: m.user.name }])).values(),
  ];
  return {
    deliverable: {
      id: deliverable.id,
      title: deliverable.title,
      type: deliverable.type,
      status: deliverable.status,
      fee: presentMoney(deliverable.feeMinor, mandate.currency),
      effortMinutes: deliverable.effortMinutes,
      cost: money(deliverable.costMinor, mandate.currency),
      unratedMinutes: deliverable.unratedMinutes,
      expected: mine ? money(mine.expectedMinor, mandate.currency) : null,
      loss: mine?.loss ? { code: mine.loss, message: LOSS_MESSAGES[mine.loss] } : null,
    },
    mandate: { id: mandate.id, title: mandate.title, reference: mandate.reference, currency: mandate.currency, pricingModel: mandate.pricingModel },
    taskCodes: TASK_CODE_KEYS.map((code) => ({ code, label: TASK_CODES[code] })),
    /** Whom the viewer may enter time for: anyone on the team (PM, admin), or themselves. */
    people: closed ? [] : team.filter((p) => can(viewer, "create", timeResource(mandate, p.id))),
    entries: entries.map((e) => presentTimeEntry(e, mandate, viewer)),
  };
}

export function presentRateCard(card: RateCardRow) {
  return {
    id: card.id,
    role: card.role,
    currency: card.currency,
    hourlyRate: presentMoney(card.hourlyRateMinor, card.currency),
    validFrom: dayKey(card.validFrom),
    validTo: dayKey(card.validTo),
    createdAt: card.createdAt.toISOString(),
    updatedAt: card.updatedAt.toISOString(),
  };
}
