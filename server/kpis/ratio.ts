import type { Ratio } from "./types.ts";

/**
 * a / b rounded half away from zero, on BigInt: sums of fees times 10,000 can pass 2^53, where
 * Number would round silently.
 */
export function divideRounded(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError("divideRounded: division by zero");
  const negative = a < 0n !== b < 0n;
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const quotient = (absA * 2n + absB) / (absB * 2n);
  return negative ? -quotient : quotient;
}

/** 6667 → "66.67", -1250 → "-12.50": basis points as a percentage, digits by integer maths. */
export function formatBasisPoints(basisPoints: number): string {
  const sign = basisPoints < 0 ? "-" : "";
  const abs = Math.abs(basisPoints);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** numerator / denominator in basis points; a zero denominator is "no data", never 0 %. */
export function toRatio(numerator: number | bigint, denominator: number | bigint): Ratio {
  const den = BigInt(denominator);
  if (den === 0n) return { kind: "no-data" };
  const num = BigInt(numerator);
  const basisPoints = Number(divideRounded(num * 10_000n, den));
  return { kind: "ratio", numerator: Number(num), denominator: Number(den), basisPoints, percent: formatBasisPoints(basisPoints) };
}
