import { describe, expect, test } from "vitest";
import { formatDay, formatMonth, formatRatio, organizationLabel } from "./format.ts";

test("formatDay and formatMonth read UTC keys", () => {
  expect(formatDay("2026-03-02")).toBe("2 Mar");
  expect(formatMonth("2026-03")).toBe("Mar 2026");
});

test("formatRatio says 'no data' rather than 0 %", () => {
  expect(formatRatio({ kind: "no-data" })).toBe("no data");
  expect(formatRatio({ kind: "ratio", numerator: 2, denominator: 3, basisPoints: 6667, percent: "66.67" })).toBe("66.67 %");
});

describe("organizationLabel", () => {
  test("shows the slug only beside a name another organisation shares (in any case)", () => {
    const all = [
      { name: "Apex Ltd", slug: "apex-ltd" },
      { name: "apex ltd", slug: "apex-ltd-k2x9qa" },
      { name: "Northwind Retail", slug: "northwind-retail" },
    ];
    expect(all.map((o) => organizationLabel(o, all))).toEqual(["Apex Ltd (apex-ltd)", "apex ltd (apex-ltd-k2x9qa)", "Northwind Retail"]);
  });
});
