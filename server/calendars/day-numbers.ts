// Calendar days as integers (days since 1970-01-01), so day counts and ranges are exact: no
// time zones, no daylight saving, no floating point. A "day key" is the same day as "YYYY-MM-DD".

const DAY_MS = 86_400_000;
/** 1970-01-05 was a Monday: day 4 since the epoch. */
export const FIRST_MONDAY = 4;

/** The UTC day of an instant. */
export function toDayNumber(instant: Date): number {
  return Math.floor(instant.getTime() / DAY_MS);
}

export function dayNumberToKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "2026-12-25" → its day number; NaN when it is not a date. */
export function dayKeyToNumber(key: string): number {
  return Math.floor(Date.parse(`${key}T00:00:00Z`) / DAY_MS);
}

/** "2026-11-27" for any instant of that UTC day. */
export function toDayKey(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: number): number {
  return (((day - FIRST_MONDAY) % 7) + 7) % 7;
}
