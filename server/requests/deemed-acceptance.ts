import { addBusinessDays, DEFAULT_HOLIDAY_CALENDAR, isHolidayCalendarId, type WorkingCalendar } from "../calendars/index.ts";

/** What the deadline needs of a mandate: its working calendar and its window. */
export type DeemedTerms = { timeZone: string; holidayCalendar: string; deemedAcceptanceBusinessDays: number };

export const workingCalendarOf = (m: { timeZone: string; holidayCalendar: string }): WorkingCalendar => ({
  timeZone: m.timeZone,
  holidayCalendar: isHolidayCalendarId(m.holidayCalendar) ? m.holidayCalendar : DEFAULT_HOLIDAY_CALENDAR,
});

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string) {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    partsFormatters.set(timeZone, format);
  }
  const f = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +f.year!, month: +f.month!, day: +f.day!, hour: +f.hour!, minute: +f.minute!, second: +f.second!, ms: instant.getUTCMilliseconds() };
}

/** How far a time zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - instant.getTime();
}

/** The instant a wall-clock time on a local day happens in a time zone (a time skipped by a clock change moves forward). */
function atWallClock(dayKey: string, time: { hour: number; minute: number; second: number; ms: number }, timeZone: string): Date {
  const [y, m, d] = dayKey.split("-").map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, time.hour, time.minute, time.second, time.ms);
  const first = naive - offsetAt(new Date(naive), timeZone);
  return new Date(naive - offsetAt(new Date(first), timeZone));
}

/**
 * When a delivery nobody answers is deemed accepted: its delivery advanced by the mandate's
 * window in business days of its calendar, at the same local time of day (delivered Friday
 * 15:00, 1 day, Monday a bank holiday: Tuesday 15:00). A window of 0 is the delivery itself.
 */
export function deemedAcceptanceAt(deliveredAt: Date, terms: DeemedTerms): Date {
  if (terms.deemedAcceptanceBusinessDays <= 0) return deliveredAt;
  const calendar = workingCalendarOf(terms);
  const day = addBusinessDays(deliveredAt, terms.deemedAcceptanceBusinessDays, calendar);
  return atWallClock(day, wallClock(deliveredAt, calendar.timeZone), calendar.timeZone);
}
