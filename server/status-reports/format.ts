/** "7 December 2026" for an instant or a day ("2026-12-07"), in UTC as the app shows days (ADR 010). */
export const formatDay = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
