import Holidays from "date-holidays";

/**
 * The holiday calendars a mandate can run on, read from `date-holidays` (a maintained library,
 * not a hand-kept list). Only its "public" holidays close the day: bank-only days (Germany's
 * Christmas Eve) and observances (Mother's Day) are working days for a legal service. ADR 041.
 */
export const HOLIDAY_CALENDARS = [
  { id: "GB-ENG", label: "England and Wales", country: "GB", region: "ENG", timeZone: "Europe/London" },
  { id: "GB-SCT", label: "Scotland", country: "GB", region: "SCT", timeZone: "Europe/London" },
  { id: "GB-NIR", label: "Northern Ireland", country: "GB", region: "NIR", timeZone: "Europe/London" },
  { id: "US", label: "United States (federal)", country: "US", region: undefined, timeZone: "America/New_York" },
  { id: "US-NY", label: "New York", country: "US", region: "NY", timeZone: "America/New_York" },
  { id: "SG", label: "Singapore", country: "SG", region: undefined, timeZone: "Asia/Singapore" },
  { id: "DE", label: "Germany (national)", country: "DE", region: undefined, timeZone: "Europe/Berlin" },
  { id: "FR", label: "France", country: "FR", region: undefined, timeZone: "Europe/Paris" },
] as const;

export type HolidayCalendarId = (typeof HOLIDAY_CALENDARS)[number]["id"];
export const HOLIDAY_CALENDAR_IDS = HOLIDAY_CALENDARS.map((c) => c.id) as [HolidayCalendarId, ...HolidayCalendarId[]];
export const DEFAULT_HOLIDAY_CALENDAR: HolidayCalendarId = "GB-ENG";

export function isHolidayCalendarId(value: string): value is HolidayCalendarId {
  return (HOLIDAY_CALENDAR_IDS as readonly string[]).includes(value);
}

export type Holiday = { date: string; name: string };

// A year's holidays per calendar, computed once: date-holidays evaluates its rules on each call.
const cache = new Map<string, readonly Holiday[]>();

/** The public holidays of one calendar year, as local dates ("2026-12-25") with their names. */
export function holidaysOf(calendarId: HolidayCalendarId, year: number): readonly Holiday[] {
  const key = `${calendarId}:${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const calendar = HOLIDAY_CALENDARS.find((c) => c.id === calendarId);
  if (!calendar) throw new RangeError(`Unknown holiday calendar ${calendarId}`);
  const source = calendar.region ? new Holidays(calendar.country, calendar.region) : new Holidays(calendar.country);
  const days = (source.getHolidays(year) || [])
    .filter((h) => h.type === "public")
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
  cache.set(key, days);
  return days;
}

const holidaySets = new Map<string, ReadonlySet<string>>();

/** Whether a local date ("2026-12-25") is a public holiday of the calendar. */
export function isHoliday(calendarId: HolidayCalendarId, dayKey: string): boolean {
  const key = `${calendarId}:${dayKey.slice(0, 4)}`;
  let set = holidaySets.get(key);
  if (!set) {
    set = new Set(holidaysOf(calendarId, Number(dayKey.slice(0, 4))).map((h) => h.date));
    holidaySets.set(key, set);
  }
  return set.has(dayKey);
}
