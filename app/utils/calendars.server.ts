// The holiday calendars a mandate form offers, for loaders only: the list lives beside the
// date-holidays library (server/calendars), which never goes to the browser.
export { calendarOptions } from "../../server/sla/calendar.ts";
