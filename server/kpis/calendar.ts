// UTC months for the KPIs: the day primitives live in server/calendars/day-numbers.ts, business days
// in server/calendars (the SLA clock counts the mandate's own calendar, ADR 041).

/** "2026-11" for any instant of that UTC month. */
export function toMonthKey(instant: Date): string {
  return instant.toISOString().slice(0, 7);
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
