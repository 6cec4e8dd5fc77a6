import { describe, expect, test } from "vitest";
import { planRange } from "./portfolio-sql.ts";

const day = (key: string) => new Date(`${key}T00:00:00Z`);
const key = (d: Date) => d.toISOString().slice(0, 10);
const plan = (from: string, to: string) => {
  const p = planRange({ from: day(from), to: day(to) });
  return { roll: [key(p.rollFrom), key(p.rollEnd)], windows: p.windows.map((w) => [key(w.from), key(w.end), w.sign]) };
};

describe("planRange: whole months from the rollups, plus or minus the smaller part of each partial month", () => {
  test("first to last day of months: all rollup, no window", () => {
    expect(plan("2025-01-01", "2025-03-31")).toEqual({ roll: ["2025-01-01", "2025-04-01"], windows: [] });
  });

  test("a start late in its month adds the few days left; an end early in its month adds its first days", () => {
    expect(plan("2025-01-25", "2025-04-05")).toEqual({
      roll: ["2025-02-01", "2025-04-01"],
      windows: [
        ["2025-01-25", "2025-02-01", 1],
        ["2025-04-01", "2025-04-06", 1],
      ],
    });
  });

  test("a start early in its month and an end late in it take the few days outside the range away from whole months", () => {
    // The dashboard's default: a year to today. Today's month is whole minus the days after today (no deliveries yet).
    expect(plan("2025-11-03", "2026-11-27")).toEqual({
      roll: ["2025-11-01", "2026-12-01"],
      windows: [
        ["2025-11-01", "2025-11-03", -1],
        ["2026-11-28", "2026-12-01", -1],
      ],
    });
  });

  test("inside one month: that month minus both sides, or the days themselves; never an inverted rollup", () => {
    expect(plan("2026-04-03", "2026-04-20")).toEqual({
      roll: ["2026-04-01", "2026-05-01"],
      windows: [
        ["2026-04-01", "2026-04-03", -1],
        ["2026-04-21", "2026-05-01", -1],
      ],
    });
    for (const [from, to] of [["2026-04-25", "2026-04-27"], ["2026-04-03", "2026-04-04"], ["2026-04-14", "2026-04-16"], ["2026-02-28", "2026-03-01"]] as const) {
      const p = planRange({ from: day(from), to: day(to) });
      expect(p.rollFrom.getTime()).toBeLessThanOrEqual(p.rollEnd.getTime());
    }
  });

  test("across a year end", () => {
    expect(plan("2024-12-15", "2025-02-10")).toEqual({
      roll: ["2024-12-01", "2025-02-01"],
      windows: [
        ["2024-12-01", "2024-12-15", -1],
        ["2025-02-01", "2025-02-11", 1],
      ],
    });
  });
});
