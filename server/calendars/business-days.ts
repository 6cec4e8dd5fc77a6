import { dayKeyToNumber, dayNumberToKey, weekdayOf } from "./day-numbers.ts";
import { isHoliday, type HolidayCalendarId } from "./holiday-calendars.ts";

/** Where a mandate works: its days are local to `timeZone` and closed on `holidayCalendar`'s holidays. */
export type WorkingCalendar = { timeZone: string; holidayCalendar: HolidayCalendarId };

/** A span the clock stands still for (work waiting on the client); `end` null = still waiting. */
export type Pause = { start: Date; end: Date | null };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local date ("2026-12-24") of an instant in a time zone. */
export function localDayKey(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** Whether a time zone name is one the runtime knows ("Europe/London"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A weekday that is not a public holiday of the calendar. */
export function isBusinessDay(dayKey: string, calendar: WorkingCalendar): boolean {
  return weekdayOf(dayKeyToNumber(dayKey)) < 5 && !isHoliday(calendar.holidayCalendar, dayKey);
}

/**
 * Business days elapsed from one instant to a later one, in the calendar's local days: the
 * business days d with from-day < d ≤ to-day (started Friday, delivered Monday = 1; the same
 * day = 0), leaving out each day a pause covers the same way (waiting from Monday to Wednesday
 * stops the clock for Tuesday and Wednesday). Days are counted one by one: a turnaround spans
 * weeks, not years, and each count is stored when it ends (ADR 041).
 */
export function businessDaysBetween(from: Date, to: Date, calendar: WorkingCalendar, pauses: readonly Pause[] = []): number {
  const first = dayKeyToNumber(localDayKey(from, calendar.timeZone));
  const last = dayKeyToNumber(localDayKey(to, calendar.timeZone));
  if (last < first) throw new RangeError("businessDaysBetween: 'to' is before 'from'");
  const paused = pauses.map((p) => ({
    after: dayKeyToNumber(localDayKey(p.start, calendar.timeZone)),
    through: dayKeyToNumber(localDayKey(p.end ?? to, calendar.timeZone)),
  }));
  let count = 0;
  for (let day = first + 1; day <= last; day++) {
    if (paused.some((p) => p.after < day && day <= p.through)) continue;
    if (isBusinessDay(dayNumberToKey(day), calendar)) count++;
  }
  return count;
}

/** The local date `days` business days after an instant's local day (0 = that day itself). */
export function addBusinessDays(from: Date | string, days: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError("addBusinessDays: days must be a whole number ≥ 0");
  let day = dayKeyToNumber(typeof from === "string" ? from : localDayKey(from, calendar.timeZone));
  for (let left = days; left > 0; ) {
    day += 1;
    if (isBusinessDay(dayNumberToKey(day), calendar)) left--;
  }
  return dayNumberToKey(day);
}
