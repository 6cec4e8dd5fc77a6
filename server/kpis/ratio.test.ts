import { expect, test } from "vitest";
import { divideRounded, formatBasisPoints, toRatio } from "./ratio.ts";

test("a share in basis points with two-decimal percent text", () => {
  // 2 of 3 = 0.666… = 6666.67 bp → 6667 → "66.67"
  expect(toRatio(2, 3)).toEqual({ kind: "ratio", numerator: 2, denominator: 3, basisPoints: 6667, percent: "66.67" });
  // 1 of 8 = 12.5 % exactly
  expect(toRatio(1, 8)).toMatchObject({ basisPoints: 1250, percent: "12.50" });
  // 0 of 5 is a real 0 %, unlike 0 of 0
  expect(toRatio(0, 5)).toMatchObject({ basisPoints: 0, percent: "0.00" });
});

test("nothing to divide by is 'no data', never 0 %", () => {
  expect(toRatio(0, 0)).toEqual({ kind: "no-data" });
});

test("rounds half away from zero, negatives included", () => {
  // 1/32 = 312.5 bp → 313; −1/32 → −313
  expect(toRatio(1, 32)).toMatchObject({ basisPoints: 313, percent: "3.13" });
  expect(toRatio(-1, 32)).toMatchObject({ basisPoints: -313, percent: "-3.13" });
  expect(divideRounded(5n, 2n)).toBe(3n);
  expect(divideRounded(-5n, 2n)).toBe(-3n);
  expect(divideRounded(4n, 3n)).toBe(1n);
  expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
});

test("stays exact where fee sums × 10,000 pass 2^53", () => {
  // (10^15 − 1) / 10^15 = 0.999999999999999 → 9999.99999… bp → 10000
  expect(toRatio(10n ** 15n - 1n, 10n ** 15n)).toMatchObject({ basisPoints: 10_000, percent: "100.00" });
  // 1 / 3·10^14: far below half a basis point → 0
  expect(toRatio(1n, 3n * 10n ** 14n)).toMatchObject({ basisPoints: 0 });
});

test("formatBasisPoints pads the hundredths", () => {
  expect(formatBasisPoints(5)).toBe("0.05");
  expect(formatBasisPoints(-20_000)).toBe("-200.00");
  expect(formatBasisPoints(-5)).toBe("-0.05");
});
