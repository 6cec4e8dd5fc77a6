// Plain input and output shapes for the KPI formulas. No Prisma types on purpose: the formulas
// are pure and tested on hand-written fixtures, and the mandate service maps its rows onto these.
// Every instant is a Date (UTC); every day is compared as a UTC calendar day ("YYYY-MM-DD").
// Money is integer minor units in the mandate's currency: no floating point anywhere near it.
// Amounts may be number or bigint, so Prisma's BigInt columns pass straight in; results are
// numbers (amounts stay below server/mandates/money.ts's MONEY_MAX_MINOR, inside 2^53).

export { DELIVERABLE_STATUSES, type DeliverableStatus } from "../mandates/transitions.ts";
import type { DeliverableStatus } from "../mandates/transitions.ts";

export const PRICING_MODELS = ["FIXED_PER_DELIVERABLE", "FIXED_PER_PERIOD", "CAPPED"] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

export type StatusChange = { to: DeliverableStatus; at: Date };

export type DeliverableInput = {
  id: string;
  mandateId: string;
  type: string;
  status: DeliverableStatus;
  /** null = no due date agreed: such a deliverable is left out of on-time figures (counted as `withoutDueDate`). */
  dueDate: Date | null;
  feeMinor: number | bigint;
  /** The cost of its time entries; null when it has none or some are unrated (ADR 039): not measured. */
  costMinor: number | bigint | null;
  /** Every change of status, in any order (the formulas sort them). */
  statusChanges: readonly StatusChange[];
  createdAt: Date;
  /** The SLA figure stored at its first delivery (server/sla/turnaround.ts, ADR 041); absent or null: not measured. */
  turnaroundBusinessDays?: number | null;
  /** The turnaround definition that figure was measured under ("v2", or "v1" for deliveries before ADR 041). */
  turnaroundDefinition?: string | null;
};

export type ServiceLevel = { deliverableType: string; turnaroundBusinessDays: number };

export type MandateInput = {
  id: string;
  clientOrganizationId: string;
  pricingModel: PricingModel;
  /** ISO 4217 code; every fee and budget of the mandate is in it. */
  currency: string;
  budgetMinor: number | bigint;
  startDate: Date;
  /** null = open-ended: the burn-down runs to today and has no ideal line. */
  targetDate: Date | null;
  serviceLevels: readonly ServiceLevel[];
  /** The budget and target date as first agreed, kept by the first approved change request (ADR 043); absent or null: never changed. */
  baselineBudgetMinor?: number | bigint | null;
  baselineTargetDate?: Date | null;
  /** Approved change requests, in any order: the burn-down's plan steps at each. */
  scopeChanges?: readonly ScopeChange[];
};

/** An approved change request (ADR 043): from the day it was approved the plan adds its deliverables and burns towards its target date. */
export type ScopeChange = { approvedAt: Date; addedDeliverables: number; targetDate: Date | null };

/** How many resource links point at one document (a playbook, toolkit, template, precedent). */
export type DocumentUsageInput = { documentId: string; title: string; linkCount: number };

/** Inclusive range of UTC calendar days. */
export type DayRange = { from: Date; to: Date };

/**
 * A share of a whole. "no-data" when the whole is empty, so a dashboard never shows 0 % for
 * "nothing happened yet". `percent` is the basis points as text with two decimals ("66.67"),
 * made with integer arithmetic so the UI and the CSV show the same digits.
 */
export type Ratio =
  | { kind: "no-data" }
  | { kind: "ratio"; numerator: number; denominator: number; basisPoints: number; percent: string };
