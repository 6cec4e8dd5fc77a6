import { expect, test } from "vitest";
import { toDayNumber, weekdayOf } from "../calendars/day-numbers.ts";
import { monthKeysBetween } from "./calendar.ts";
import { at } from "./test-fixtures.ts";

test("weekdayOf: 2026-03-02 is a Monday (0), 2026-03-08 a Sunday (6)", () => {
  expect(weekdayOf(toDayNumber(at("2026-03-02")))).toBe(0);
  expect(weekdayOf(toDayNumber(at("2026-03-08")))).toBe(6);
});

test("monthKeysBetween lists every month the range touches, across a year end", () => {
  expect(monthKeysBetween(at("2025-11-15"), at("2026-02-01"))).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  expect(monthKeysBetween(at("2026-03-31"), at("2026-03-31"))).toEqual(["2026-03"]);
  expect(monthKeysBetween(at("2026-04-01"), at("2026-03-01"))).toEqual([]);
});
