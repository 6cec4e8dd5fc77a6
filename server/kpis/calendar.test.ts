import { describe, expect, test } from "vitest";
import { toDayNumber, weekdayOf } from "../calendars/day-numbers.ts";
import { countBusinessDays, monthKeysBetween } from "./calendar.ts";
import { at } from "./test-fixtures.ts";

// March 2026: Mon 2, Fri 6, Sat 7, Sun 8, Mon 9, Mon 16.
describe("countBusinessDays", () => {
  test("counts the weekdays after the start day up to and including the end day", () => {
    expect(countBusinessDays(at("2026-03-02 09:00"), at("2026-03-03 17:00"))).toBe(1); // Mon → Tue
    expect(countBusinessDays(at("2026-03-02 09:00"), at("2026-03-02 18:00"))).toBe(0); // same day
    expect(countBusinessDays(at("2026-03-05"), at("2026-03-10"))).toBe(3); // Thu → Tue: Fri, Mon, Tue
    expect(countBusinessDays(at("2026-03-02"), at("2026-03-16"))).toBe(10); // two whole weeks
  });

  test("skips weekends", () => {
    expect(countBusinessDays(at("2026-03-06 16:00"), at("2026-03-09 09:00"))).toBe(1); // Fri → Mon: only Mon
    expect(countBusinessDays(at("2026-03-07"), at("2026-03-09"))).toBe(1); // Sat → Mon: only Mon
    expect(countBusinessDays(at("2026-03-06"), at("2026-03-07"))).toBe(0); // Fri → Sat
    expect(countBusinessDays(at("2026-03-06"), at("2026-03-08"))).toBe(0); // Fri → Sun
  });

  test("agrees with counting day by day, also across the epoch", () => {
    for (const startKey of ["1969-12-20", "2026-02-23", "2028-02-25"]) {
      const start = toDayNumber(at(startKey));
      for (let from = start; from < start + 14; from++) {
        for (let length = 0; length < 30; length++) {
          let expected = 0;
          for (let d = from + 1; d <= from + length; d++) if (weekdayOf(d) < 5) expected++;
          const got = countBusinessDays(new Date(from * 86_400_000), new Date((from + length) * 86_400_000));
          expect(got, `${from} + ${length}`).toBe(expected);
        }
      }
    }
  });

  test("refuses an end before the start", () => {
    expect(() => countBusinessDays(at("2026-03-03"), at("2026-03-02"))).toThrow(RangeError);
  });
});

test("weekdayOf: 2026-03-02 is a Monday (0), 2026-03-08 a Sunday (6)", () => {
  expect(weekdayOf(toDayNumber(at("2026-03-02")))).toBe(0);
  expect(weekdayOf(toDayNumber(at("2026-03-08")))).toBe(6);
});

test("monthKeysBetween lists every month the range touches, across a year end", () => {
  expect(monthKeysBetween(at("2025-11-15"), at("2026-02-01"))).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  expect(monthKeysBetween(at("2026-03-31"), at("2026-03-31"))).toEqual(["2026-03"]);
  expect(monthKeysBetween(at("2026-04-01"), at("2026-03-01"))).toEqual([]);
});
