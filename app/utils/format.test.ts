import { expect, test } from "vitest";
import { formatDay, formatMoneyMinor, formatMonth } from "./format.ts";

test("formatMoneyMinor places the decimals by the currency, negatives included", () => {
  expect(formatMoneyMinor(123_456, "EUR")).toBe("€1,234.56");
  expect(formatMoneyMinor(5, "GBP")).toBe("£0.05");
  expect(formatMoneyMinor(-150_050, "EUR")).toBe("-€1,500.50");
  expect(formatMoneyMinor(500, "JPY")).toBe("JP¥500"); // no minor unit
  // beyond 2^53 / 100 a float division would drift; the string path does not
  expect(formatMoneyMinor(9_007_199_254_740_991, "USD")).toBe("US$90,071,992,547,409.91");
});

test("formatDay and formatMonth read UTC keys", () => {
  expect(formatDay("2026-03-02")).toBe("2 Mar");
  expect(formatMonth("2026-03")).toBe("Mar 2026");
});
