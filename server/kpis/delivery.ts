// When a deliverable was delivered, read from its status history. The one place that decides
// how a rejection counts, so the on-time rate, the monthly counts and the burn-down agree.

import { toDayNumber } from "../calendars/day-numbers.ts";
import type { DeliverableInput, DeliverableStatus, StatusChange } from "./types.ts";

const DONE: ReadonlySet<DeliverableStatus> = new Set(["DELIVERED", "ACCEPTED"]);

export function isDone(status: DeliverableStatus): boolean {
  return DONE.has(status);
}

function sortedChanges(deliverable: DeliverableInput): StatusChange[] {
  return [...deliverable.statusChanges].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The delivery that counts: for a deliverable that is DELIVERED or ACCEPTED now, the last time it
 * entered DELIVERED (or ACCEPTED, when it was accepted without a recorded delivery). A rejection
 * does not stop the clock: delivered on time, rejected, redelivered late is late. A deliverable
 * that is not done now (REJECTED included) has no delivery: null. So does one whose history has
 * no such change (bad data is left out rather than guessed).
 */
export function getFinalDeliveryAt(deliverable: DeliverableInput): Date | null {
  if (!isDone(deliverable.status)) return null;
  const changes = sortedChanges(deliverable);
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i]!;
    if (change.to === "DELIVERED") return change.at;
  }
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i]!;
    if (change.to === "ACCEPTED") return change.at;
  }
  return null;
}

/** The first time the status became `status`, or null. */
export function getFirstChangeAt(deliverable: DeliverableInput, status: DeliverableStatus): Date | null {
  return sortedChanges(deliverable).find((change) => change.to === status)?.at ?? null;
}

/**
 * On time = delivered on or before the due date's UTC calendar day (any hour of that day).
 * Without a due date there is nothing to be on time for: null, and callers leave it out of the
 * rate rather than count it as on time or late.
 */
export function isDeliveredOnTime(deliverable: DeliverableInput, deliveredAt: Date): boolean | null {
  if (!deliverable.dueDate) return null;
  return toDayNumber(deliveredAt) <= toDayNumber(deliverable.dueDate);
}

/**
 * Whether the deliverable was open at the end of a given UTC day: it existed by then (created on
 * or before that day — or had a status change by then, for rows whose history predates their
 * creation stamp) and was not done (see isDoneAtEndOfDay). Before it existed it is not open: a
 * burn-down must not count work nobody had planned yet.
 */
export function isOpenAtEndOfDay(deliverable: DeliverableInput, day: number): boolean {
  const firstChange = sortedChanges(deliverable)[0];
  const createdDay = Math.min(toDayNumber(deliverable.createdAt), firstChange ? toDayNumber(firstChange.at) : Infinity);
  return createdDay <= day && !isDoneAtEndOfDay(deliverable, day);
}

/**
 * Whether the deliverable was done at the end of a given UTC day, replaying its history: its
 * status then is that of the last change on or before that day (NOT_STARTED before any).
 */
export function isDoneAtEndOfDay(deliverable: DeliverableInput, day: number): boolean {
  let status: DeliverableStatus = "NOT_STARTED";
  for (const change of sortedChanges(deliverable)) {
    if (toDayNumber(change.at) > day) break;
    status = change.to;
  }
  return isDone(status);
}
