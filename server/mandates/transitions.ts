import { AppError } from "../errors.ts";

/**
 * The state machines of mandates and deliverables, as data: the UI offers exactly the moves
 * listed here and the service refuses any other (409 invalid_transition). ADR 009.
 */

export const MANDATE_STATUSES = ["PROPOSED", "ACTIVE", "ON_HOLD", "COMPLETED", "CANCELLED"] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

export const DELIVERABLE_STATUSES = [
  "REQUESTED",
  "DECLINED",
  "NOT_STARTED",
  "IN_PROGRESS",
  "IN_REVIEW",
  "WAITING_ON_CLIENT",
  "DELIVERED",
  "ACCEPTED",
  "REJECTED",
] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

export const MANDATE_TRANSITIONS: Readonly<Record<MandateStatus, readonly MandateStatus[]>> = {
  PROPOSED: ["ACTIVE", "CANCELLED"],
  ACTIVE: ["ON_HOLD", "COMPLETED", "CANCELLED"],
  ON_HOLD: ["ACTIVE", "CANCELLED"],
  // Terminal: a finished or cancelled mandate is history; a new one starts "from a previous mandate".
  COMPLETED: [],
  CANCELLED: [],
};

export const DELIVERABLE_TRANSITIONS: Readonly<Record<DeliverableStatus, readonly DeliverableStatus[]>> = {
  // A client's request: the PM accepts it into the work queue or declines it (ADR 042).
  REQUESTED: ["NOT_STARTED", "DECLINED"],
  DECLINED: [],
  NOT_STARTED: ["IN_PROGRESS", "WAITING_ON_CLIENT"],
  IN_PROGRESS: ["IN_REVIEW", "DELIVERED", "NOT_STARTED", "WAITING_ON_CLIENT"],
  // Review sends it back for changes or lets it go to the client.
  IN_REVIEW: ["IN_PROGRESS", "DELIVERED", "WAITING_ON_CLIENT"],
  // The clock stands still until the client answers; work then resumes (ADR 041).
  WAITING_ON_CLIENT: ["IN_PROGRESS"],
  // The client accepts or rejects what was delivered.
  DELIVERED: ["ACCEPTED", "REJECTED"],
  // Rework after a rejection.
  REJECTED: ["IN_PROGRESS"],
  ACCEPTED: [],
};

/** A deliverable in these states is not (or no longer) work the provider owes. */
export const NOT_OWED_STATUSES: readonly DeliverableStatus[] = ["REQUESTED", "DECLINED"];

/** A mandate in these states takes no new deliverables, links or edits. */
export const CLOSED_MANDATE_STATUSES: readonly MandateStatus[] = ["COMPLETED", "CANCELLED"];
/** Deliverables counted as delivered work: their fees are consumed budget (KPIs). */
export const DELIVERED_STATUSES: readonly DeliverableStatus[] = ["DELIVERED", "ACCEPTED"];

type Machine = "mandate" | "deliverable";

export function allowedTransitions(machine: "mandate", from: MandateStatus): readonly MandateStatus[];
export function allowedTransitions(machine: "deliverable", from: DeliverableStatus): readonly DeliverableStatus[];
export function allowedTransitions(machine: Machine, from: string): readonly string[] {
  const table: Record<string, readonly string[]> = machine === "mandate" ? MANDATE_TRANSITIONS : DELIVERABLE_TRANSITIONS;
  return table[from] ?? [];
}

export function canTransition(machine: "mandate", from: MandateStatus, to: MandateStatus): boolean;
export function canTransition(machine: "deliverable", from: DeliverableStatus, to: DeliverableStatus): boolean;
export function canTransition(machine: Machine, from: string, to: string): boolean {
  const table: Record<string, readonly string[]> = machine === "mandate" ? MANDATE_TRANSITIONS : DELIVERABLE_TRANSITIONS;
  return (table[from] ?? []).includes(to);
}

/** Throws 409 invalid_transition (naming the allowed moves) unless `from → to` is in the table. */
export function assertTransition(machine: "mandate", from: MandateStatus, to: MandateStatus): void;
export function assertTransition(machine: "deliverable", from: DeliverableStatus, to: DeliverableStatus): void;
export function assertTransition(machine: Machine, from: string, to: string): void {
  const table: Record<string, readonly string[]> = machine === "mandate" ? MANDATE_TRANSITIONS : DELIVERABLE_TRANSITIONS;
  const allowed = table[from] ?? [];
  if (allowed.includes(to)) return;
  const what = machine === "mandate" ? "A mandate" : "A deliverable";
  throw new AppError(
    409,
    "invalid_transition",
    allowed.length
      ? `${what} cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(", ")}.`
      : `${what} cannot go from ${from} to ${to}: ${from} is final.`,
    { from, to, allowed: [...allowed] },
  );
}

/** The shortcut columns a move into `to` at `at` reads from before it. */
export type DeliverableTimestamps = { startedAt: Date | null; firstDeliveredAt: Date | null; deliveredAt: Date | null };

/**
 * The timestamp columns a deliverable's move into `to` sets. `startedAt` and `firstDeliveredAt`
 * keep the first entry (turnaround runs between them); `reviewedAt`, `deliveredAt`, `acceptedAt`
 * and `rejectedAt` the latest. `finalDeliveredAt` is the KPIs' final delivery
 * (server/kpis/delivery.ts getFinalDeliveryAt) while the deliverable is done — the latest
 * DELIVERED, else the ACCEPTED — and null when it is not: kept here, with the status, so the
 * portfolio's SQL reads one column instead of every deliverable's history (ADR 010).
 */
export function timestampsFor(to: DeliverableStatus, at: Date, current: DeliverableTimestamps) {
  switch (to) {
    case "IN_PROGRESS":
      return { ...(current.startedAt ? {} : { startedAt: at }), finalDeliveredAt: null };
    case "IN_REVIEW":
      return { reviewedAt: at, finalDeliveredAt: null };
    case "DELIVERED":
      return { deliveredAt: at, ...(current.firstDeliveredAt ? {} : { firstDeliveredAt: at }), finalDeliveredAt: at };
    case "ACCEPTED":
      return { acceptedAt: at, finalDeliveredAt: current.deliveredAt ?? at };
    case "REJECTED":
      return { rejectedAt: at, finalDeliveredAt: null };
    case "NOT_STARTED":
      return { finalDeliveredAt: null };
  }
}

/** Delivered at least once (a rejection included): the client received it, the KPIs count it, so it stays on record and cannot be deleted. */
export function isOnRecord(d: { firstDeliveredAt: Date | null; finalDeliveredAt: Date | null }): boolean {
  return d.firstDeliveredAt !== null || d.finalDeliveredAt !== null;
}
