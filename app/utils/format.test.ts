import { expect, test } from "vitest";
import { formatDay, formatMonth, formatRatio } from "./format.ts";

test("formatDay and formatMonth read UTC keys", () => {
  expect(formatDay("2026-03-02")).toBe("2 Mar");
  expect(formatMonth("2026-03")).toBe("Mar 2026");
});

test("formatRatio says 'no data' rather than 0 %", () => {
  expect(formatRatio({ kind: "no-data" })).toBe("no data");
  expect(formatRatio({ kind: "ratio", numerator: 2, denominator: 3, basisPoints: 6667, percent: "66.67" })).toBe("66.67 %");
});
