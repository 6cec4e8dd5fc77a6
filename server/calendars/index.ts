export { addBusinessDays, businessDaysBetween, isBusinessDay, isTimeZone, localDayKey, type Pause, type WorkingCalendar } from "./business-days.ts";
export { DEFAULT_HOLIDAY_CALENDAR, HOLIDAY_CALENDAR_IDS, HOLIDAY_CALENDARS, holidaysOf, isHoliday, isHolidayCalendarId, type Holiday, type HolidayCalendarId } from "./holiday-calendars.ts";
export { instantOfWallTime } from "./wall-time.ts";
