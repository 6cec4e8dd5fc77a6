/** "27 November 2026": dates as a lawyer writes them in a letter, in UTC as the app stores days. */
export const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-11-27": the day a date field holds, in UTC as the app stores days. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
