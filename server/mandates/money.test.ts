import { describe, expect, test } from "vitest";
import {
  MONEY_MAX_MINOR,
  addMoney,
  costOfMinutes,
  currencyExponent,
  formatMoney,
  isCurrency,
  parseMoney,
  presentMoney,
  subtractMoney,
  sumByCurrency,
  sumMoney,
} from "./money.ts";

describe("parseMoney", () => {
  test.each([
    ["1,250.50", "EUR", 125050n],
    ["1250.5", "EUR", 125050n],
    ["1250", "EUR", 125000n],
    ["1 250.00", "GBP", 125000n],
    ["0.01", "USD", 1n],
    ["0", "USD", 0n],
    ["  12.3 ", "USD", 1230n],
    ["-3.00", "USD", -300n],
    ["1,000,000", "JPY", 1000000n],
    ["1.234", "KWD", 1234n],
    ["1.2", "KWD", 1200n],
    ["12.", "EUR", 1200n],
  ])("%s %s → %s", (input, currency, minor) => {
    expect(parseMoney(input, currency)).toBe(minor);
  });

  test.each([
    ["1.005", "EUR"], // more decimals than the currency has
    ["10.5", "JPY"], // no minor units
    ["1,25.00", "EUR"], // groups of three only
    ["1.250,50", "EUR"], // continental style is not guessed
    ["abc", "EUR"],
    ["", "EUR"],
    ["1e3", "EUR"],
    ["0x10", "EUR"],
    ["12.34.56", "EUR"],
  ])("%s %s is refused", (input, currency) => {
    expect(() => parseMoney(input, currency)).toThrow(expect.objectContaining({ status: 400, code: "invalid_amount" }));
  });

  test("no float rounding: 0.1 + 0.2 in cents is exactly 30", () => {
    const sum = addMoney({ minor: parseMoney("0.10", "EUR"), currency: "EUR" }, { minor: parseMoney("0.20", "EUR"), currency: "EUR" });
    expect(sum.minor).toBe(30n);
  });

  test("amounts beyond the maximum are refused", () => {
    expect(() => parseMoney("100,000,000,000,000", "EUR")).toThrow(/too large/);
    expect(parseMoney("10,000,000,000,000", "EUR")).toBe(MONEY_MAX_MINOR);
  });
});

describe("formatMoney", () => {
  test.each([
    [125050n, "EUR", "1,250.50"],
    [5n, "EUR", "0.05"],
    [0n, "USD", "0.00"],
    [-125050n, "EUR", "-1,250.50"],
    [1000000n, "JPY", "1,000,000"],
    [1234n, "KWD", "1.234"],
    [123456789012n, "USD", "1,234,567,890.12"],
  ])("%s %s → %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
    expect(parseMoney(text, currency)).toBe(minor);
  });

  test("with the code", () => {
    expect(formatMoney(125050, "EUR", { withCode: true })).toBe("EUR 1,250.50");
    expect(presentMoney(125050n, "EUR")).toEqual({ minor: 125050, currency: "EUR", formatted: "1,250.50" });
  });
});

describe("arithmetic", () => {
  test("adds and subtracts within one currency and refuses to mix", () => {
    expect(addMoney({ minor: 100n, currency: "EUR" }, { minor: 250n, currency: "EUR" })).toEqual({ minor: 350n, currency: "EUR" });
    expect(subtractMoney({ minor: 100n, currency: "EUR" }, { minor: 250n, currency: "EUR" })).toEqual({ minor: -150n, currency: "EUR" });
    expect(() => addMoney({ minor: 1n, currency: "EUR" }, { minor: 1n, currency: "USD" })).toThrow(
      expect.objectContaining({ code: "currency_mismatch" }),
    );
  });

  test("sums a list, empty to zero, and by currency for mixed portfolios", () => {
    expect(sumMoney([], "GBP")).toEqual({ minor: 0n, currency: "GBP" });
    expect(sumMoney([{ minor: 1n, currency: "GBP" }, { minor: 2n, currency: "GBP" }], "GBP").minor).toBe(3n);
    expect(() => sumMoney([{ minor: 1n, currency: "USD" }], "GBP")).toThrow(/Cannot add/);
    expect(
      sumByCurrency([
        { minor: 1n, currency: "GBP" },
        { minor: 5n, currency: "EUR" },
        { minor: 2n, currency: "GBP" },
      ]),
    ).toEqual(new Map([["GBP", 3n], ["EUR", 5n]]));
  });

  test("cost of effort rounds half up to a whole minor unit", () => {
    expect(costOfMinutes(90, 20000n)).toBe(30000n); // 1.5 h × 200.00
    expect(costOfMinutes(1, 100n)).toBe(2n); // 1.666… → 2
    expect(costOfMinutes(1, 90n)).toBe(2n); // 1.5 → 2
    expect(costOfMinutes(1, 89n)).toBe(1n);
    expect(costOfMinutes(0, 100n)).toBe(0n);
    expect(() => costOfMinutes(1.5, 100n)).toThrow(RangeError);
  });
});

describe("currencies", () => {
  test("ISO codes and their exponents", () => {
    expect(isCurrency("EUR")).toBe(true);
    expect(isCurrency("eur")).toBe(false);
    expect(isCurrency("XYZ")).toBe(false);
    expect(isCurrency("EURO")).toBe(false);
    expect([currencyExponent("EUR"), currencyExponent("JPY"), currencyExponent("BHD")]).toEqual([2, 0, 3]);
  });
});
