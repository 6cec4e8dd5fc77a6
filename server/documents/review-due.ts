/**
 * When a published document is due for review, and the "maintained" status legal know-how
 * readers expect: Never reviewed, Maintained, Due soon (within `soonDays`), Overdue. ADR 012;
 * only real reviews count (ADR 018), so a document imported or published directly is Never
 * reviewed until one.
 */

export const MAINTAINED_STATUSES = ["NEVER_REVIEWED", "MAINTAINED", "DUE_SOON", "OVERDUE"] as const;
export type MaintainedStatus = (typeof MAINTAINED_STATUSES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** `months` calendar months after `from` (UTC), on the same day or the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  const day = from.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/** The review due date: the last real review plus the interval; null without an interval or a review. */
export function reviewDueAt(lastReviewedAt: Date | null, intervalMonths: number | null): Date | null {
  if (!lastReviewedAt || !intervalMonths) return null;
  return addMonths(lastReviewedAt, intervalMonths);
}

export function maintainedStatus(dueAt: Date, now: Date, soonDays: number): MaintainedStatus {
  if (dueAt.getTime() < now.getTime()) return "OVERDUE";
  if (dueAt.getTime() <= now.getTime() + soonDays * DAY_MS) return "DUE_SOON";
  return "MAINTAINED";
}

/**
 * A published document's maintenance: Never reviewed without a real review, else by its due
 * date (no status without a review interval).
 */
export function maintenanceOf(
  lastReviewedAt: Date | null,
  intervalMonths: number | null,
  now: Date,
  soonDays: number,
): { dueAt: Date | null; maintained: MaintainedStatus | null } {
  if (!lastReviewedAt) return { dueAt: null, maintained: "NEVER_REVIEWED" };
  const dueAt = reviewDueAt(lastReviewedAt, intervalMonths);
  return { dueAt, maintained: dueAt ? maintainedStatus(dueAt, now, soonDays) : null };
}

/** Whether a review due at `dueAt` falls within `withinDays` from `now` (or has passed). */
export function isDueWithin(dueAt: Date, now: Date, withinDays: number): boolean {
  return dueAt.getTime() <= now.getTime() + withinDays * DAY_MS;
}
