import { describe, expect, test } from "vitest";
import { splitRange } from "./portfolio-sql.ts";

const day = (key: string) => new Date(`${key}T00:00:00Z`);
const keys = (r: ReturnType<typeof splitRange>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.toISOString().slice(0, 10)]));

describe("splitRange: whole months from the rollups, the rest from the deliverables", () => {
  test("mid-month to mid-month: the months between are whole, the two ends are edges", () => {
    expect(keys(splitRange({ from: day("2025-01-15"), to: day("2025-04-10") }))).toEqual({
      from: "2025-01-15",
      fullFrom: "2025-02-01",
      fullEnd: "2025-04-01",
      end: "2025-04-11",
    });
  });

  test("first to last day of months: all whole, no edges", () => {
    expect(keys(splitRange({ from: day("2025-01-01"), to: day("2025-03-31") }))).toEqual({
      from: "2025-01-01",
      fullFrom: "2025-01-01",
      fullEnd: "2025-04-01",
      end: "2025-04-01",
    });
  });

  test("inside one month, or one day: no whole month, the whole range is an edge", () => {
    for (const [from, to] of [["2025-02-03", "2025-02-20"], ["2025-02-01", "2025-02-27"], ["2025-05-14", "2025-05-14"]] as const) {
      const r = splitRange({ from: day(from), to: day(to) });
      expect(r.fullFrom).toEqual(r.end);
      expect(r.fullEnd).toEqual(r.end);
    }
  });

  test("across a year end", () => {
    expect(keys(splitRange({ from: day("2024-12-15"), to: day("2025-02-10") }))).toEqual({
      from: "2024-12-15",
      fullFrom: "2025-01-01",
      fullEnd: "2025-02-01",
      end: "2025-02-11",
    });
  });
});
