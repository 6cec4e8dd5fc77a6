import { describe, expect, test } from "vitest";
import { deemedAcceptanceAt } from "./deemed-acceptance.ts";

const london = (days: number) => ({ timeZone: "Europe/London", holidayCalendar: "GB-ENG", deemedAcceptanceBusinessDays: days });

describe("deemedAcceptanceAt", () => {
  test("advances by business days at the same local time, skipping a bank holiday", () => {
    // Thursday 24 December 2026, 15:30 London (GMT); Friday 25 and Monday 28 (Boxing Day substitute) are holidays.
    expect(deemedAcceptanceAt(new Date("2026-12-24T15:30:00Z"), london(1)).toISOString()).toBe("2026-12-29T15:30:00.000Z");
    expect(deemedAcceptanceAt(new Date("2026-12-24T15:30:00Z"), london(5)).toISOString()).toBe("2027-01-05T15:30:00.000Z");
  });

  test("keeps the local time across a clock change", () => {
    // Friday 23 October 2026, 10:00 BST (09:00Z); the clocks go back on Sunday 25th: Monday 10:00 GMT is 10:00Z.
    expect(deemedAcceptanceAt(new Date("2026-10-23T09:00:00Z"), london(1)).toISOString()).toBe("2026-10-26T10:00:00.000Z");
  });

  test("a window of 0 is the delivery itself", () => {
    const at = new Date("2026-12-07T11:00:00Z");
    expect(deemedAcceptanceAt(at, london(0))).toEqual(at);
  });

  test("counts in the mandate's own calendar", () => {
    // New York: Thursday 26 November 2026 is Thanksgiving. Wednesday 25th 17:00 EST (22:00Z) + 1 = Friday 27th 17:00 EST.
    expect(deemedAcceptanceAt(new Date("2026-11-25T22:00:00Z"), { timeZone: "America/New_York", holidayCalendar: "US-NY", deemedAcceptanceBusinessDays: 1 }).toISOString()).toBe(
      "2026-11-27T22:00:00.000Z",
    );
  });
});
