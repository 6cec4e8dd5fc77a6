import { describe, expect, it } from "vitest";
import { addBusinessDays, businessDaysBetween, isTimeZone, localDayKey } from "./business-days.ts";
import { holidaysOf } from "./holiday-calendars.ts";

const london = { timeZone: "Europe/London", holidayCalendar: "GB-ENG" } as const;

describe("business days in a mandate's calendar", () => {
  it("skips weekends and England's Christmas bank holidays", () => {
    // Thu 24 Dec → Tue 29 Dec 2026: 25 (Christmas), 26–27 (weekend), 28 (Boxing Day substitute) are closed.
    expect(businessDaysBetween(new Date("2026-12-24T10:00:00Z"), new Date("2026-12-29T16:00:00Z"), london)).toBe(1);
    // The same span in Germany: 28 Dec is a working day there.
    expect(businessDaysBetween(new Date("2026-12-24T10:00:00Z"), new Date("2026-12-29T16:00:00Z"), { timeZone: "Europe/Berlin", holidayCalendar: "DE" })).toBe(2);
  });

  it("knows each calendar's own days: St Andrew's Day closes Scotland, not England", () => {
    const from = new Date("2026-11-27T12:00:00Z"); // Friday
    const to = new Date("2026-12-01T12:00:00Z"); // Tuesday, after Monday 30 November
    expect(businessDaysBetween(from, to, london)).toBe(2);
    expect(businessDaysBetween(from, to, { timeZone: "Europe/London", holidayCalendar: "GB-SCT" })).toBe(1);
  });

  it("counts local days of the mandate's time zone", () => {
    // 23:30 UTC on Monday 2 March is already Tuesday in Singapore.
    expect(localDayKey(new Date("2026-03-02T23:30:00Z"), "Asia/Singapore")).toBe("2026-03-03");
    const from = new Date("2026-03-02T23:30:00Z");
    const to = new Date("2026-03-03T12:00:00Z");
    expect(businessDaysBetween(from, to, london)).toBe(1);
    expect(businessDaysBetween(from, to, { timeZone: "Asia/Singapore", holidayCalendar: "SG" })).toBe(0);
  });

  it("stops the clock while work waits on the client", () => {
    const from = new Date("2026-11-02T09:00:00Z"); // Monday
    const to = new Date("2026-11-13T17:00:00Z"); // Friday of the next week: 9 business days
    expect(businessDaysBetween(from, to, london)).toBe(9);
    // Waiting from Tuesday to Thursday stops Wednesday and Thursday.
    const pause = { start: new Date("2026-11-03T10:00:00Z"), end: new Date("2026-11-05T15:00:00Z") };
    expect(businessDaysBetween(from, to, london, [pause])).toBe(7);
    // A pause still open runs to the end of the span.
    expect(businessDaysBetween(from, to, london, [{ start: new Date("2026-11-11T10:00:00Z"), end: null }])).toBe(7);
  });

  it("adds business days past weekends and holidays", () => {
    expect(addBusinessDays("2026-12-23", 2, london)).toBe("2026-12-29");
    expect(addBusinessDays(new Date("2026-12-24T10:00:00Z"), 0, london)).toBe("2026-12-24");
    expect(() => addBusinessDays("2026-12-23", -1, london)).toThrow(RangeError);
  });

  it("reads public holidays only, from the library, for every calendar offered", () => {
    expect(holidaysOf("US", 2026).map((h) => h.date)).toContain("2026-11-26");
    expect(holidaysOf("DE", 2026).map((h) => h.date)).not.toContain("2026-12-24");
    expect(holidaysOf("FR", 2026).map((h) => h.date)).toContain("2026-07-14");
    expect(holidaysOf("US-NY", 2026).map((h) => h.date)).toContain("2026-02-12");
    expect(holidaysOf("GB-NIR", 2026).map((h) => h.date)).toContain("2026-03-17");
    expect(isTimeZone("Europe/London")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
