// UTC calendar arithmetic for the KPIs: the day primitives live in server/calendars/day-numbers.ts.
import { FIRST_MONDAY, toDayNumber } from "../calendars/day-numbers.ts";

/** "2026-11" for any instant of that UTC month. */
export function toMonthKey(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** Mon–Fri days in [FIRST_MONDAY, day], extended to all integers (a counting function). */
function weekdaysThrough(day: number): number {
  const offset = day - FIRST_MONDAY + 1;
  const weeks = Math.floor(offset / 7);
  const rest = offset - weeks * 7;
  return weeks * 5 + Math.min(rest, 5);
}

/**
 * Business days (Mon–Fri) elapsed from one instant to a later one: the weekdays d with
 * from-day < d ≤ to-day. Started Friday, delivered Monday = 1; the same day = 0; started
 * Saturday, delivered Monday = 1. Holidays are not known here and count as business days.
 */
export function countBusinessDays(from: Date, to: Date): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b < a) throw new RangeError("countBusinessDays: 'to' is before 'from'");
  return weekdaysThrough(b) - weekdaysThrough(a);
}

/** "2026-01" … "2026-03": every month touched by the range, so a chart has no gaps. */
export function monthKeysBetween(from: Date, to: Date): string[] {
  const keys: string[] = [];
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  const endYear = to.getUTCFullYear();
  const endMonth = to.getUTCMonth();
  while (year < endYear || (year === endYear && month <= endMonth)) {
    keys.push(`${year}-${String(month + 1).padStart(2, "0")}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return keys;
}
