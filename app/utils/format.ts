/** One date format across the app: "27 Nov 2026, 09:09", in UTC so server and browser agree. */
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatDate = (iso: string) => dateTimeFormat.format(new Date(iso));
