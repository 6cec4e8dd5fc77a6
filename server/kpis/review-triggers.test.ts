import { describe, expect, test } from "vitest";
import { FALLBACK_THIRD_PRESET, evaluateTrigger, quarterOfMonth, type MonthlyOutcomeCount } from "./review-triggers.ts";

const names = new Map([["cap", "Liability cap"]]);
const rule = { id: "t1", ...FALLBACK_THIRD_PRESET };
const rows = (month: string, counts: Partial<Record<"P" | "F1" | "F2" | "R" | "NA", number>>): MonthlyOutcomeCount[] =>
  Object.entries(counts).map(([k, count]) => ({
    month,
    clauseId: "cap",
    outcome: ({ P: "PREFERRED", F1: "FALLBACK", F2: "FALLBACK", R: "RED_LINE", NA: "NOT_APPLICABLE" } as const)[k as "P"],
    fallbackIndex: k === "F1" ? 1 : k === "F2" ? 2 : 0,
    count: count!,
  }));

describe("evaluateTrigger", () => {
  test("more than a third of a quarter's deals, months added up; not applicable is no deal", () => {
    // July F1 ×7, P ×10; September F1 ×7, P ×17, N/A ×9 → 41 deals, F1 14 (34.15 %).
    const found = evaluateTrigger(rule, [...rows("2026-07", { F1: 7, P: 10 }), ...rows("2026-09", { F1: 7, P: 17, NA: 9 })], names);
    expect(found).toEqual([
      expect.objectContaining({ period: "2026-Q3", fallbackIndex: 1, count: 14, deals: 41, sentence: "Fallback 1 on “Liability cap” used in 14 of 41 deals in 2026 Q3 (34 %)" }),
    ]);
  });

  test("exactly a third is not more than a third; under the minimum deals nothing fires", () => {
    expect(evaluateTrigger(rule, rows("2026-07", { F1: 2, P: 4 }), names)).toEqual([]); // 2 of 6
    expect(evaluateTrigger(rule, rows("2026-07", { F1: 3, P: 1 }), names)).toEqual([]); // 3 of 4: under 5 deals
    expect(evaluateTrigger(rule, rows("2026-07", { F1: 1, F2: 3, P: 1 }), names).map((f) => f.fallbackIndex)).toEqual([2]); // each fallback on its own
  });

  test("red lines per month", () => {
    const redLine = { ...rule, kind: "RED_LINE_IN_MONTH" as const, minimumCount: 2 };
    expect(evaluateTrigger(redLine, [...rows("2026-07", { R: 1 }), ...rows("2026-08", { R: 1 })], names)).toEqual([]);
    expect(evaluateTrigger(redLine, rows("2026-11", { R: 2, P: 3 }), names).map((f) => f.sentence)).toEqual([
      "Red line on “Liability cap” conceded 2 times in November 2026 (of 5 deals)",
    ]);
  });

  test("quarters of months", () => {
    expect(["2026-01", "2026-03", "2026-04", "2026-12"].map(quarterOfMonth)).toEqual(["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4"]);
  });
});
