// A mandate's working calendar (ADR 041), as the SLA clock and the mandate page read it.
import { DEFAULT_HOLIDAY_CALENDAR, HOLIDAY_CALENDARS, isHolidayCalendarId, type HolidayCalendarId, type WorkingCalendar } from "../calendars/index.ts";

/** A mandate's calendar as stored (the mandate schema checks the id; an unknown one falls back to the default). */
export function calendarOf(mandate: { timeZone: string; holidayCalendar: string }): WorkingCalendar {
  return { timeZone: mandate.timeZone, holidayCalendar: isHolidayCalendarId(mandate.holidayCalendar) ? mandate.holidayCalendar : DEFAULT_HOLIDAY_CALENDAR };
}

/** The time zone a holiday calendar's own country works in: a new mandate's default for it. */
export function zoneOfCalendar(id: HolidayCalendarId): string {
  return HOLIDAY_CALENDARS.find((c) => c.id === id)!.timeZone;
}

/** "England and Wales, Europe/London". */
export function calendarLabel(mandate: { timeZone: string; holidayCalendar: string }): string {
  const calendar = HOLIDAY_CALENDARS.find((c) => c.id === mandate.holidayCalendar);
  return `${calendar?.label ?? mandate.holidayCalendar}, ${mandate.timeZone}`;
}

/** The calendars a mandate form offers. */
export const calendarOptions = () => HOLIDAY_CALENDARS.map((c) => ({ id: c.id, label: c.label, timeZone: c.timeZone }));
