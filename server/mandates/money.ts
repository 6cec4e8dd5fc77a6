import { AppError } from "../errors.ts";

/**
 * Money is an integer number of minor units (cents, pence, yen) and a currency: never a float.
 * Arithmetic is on bigint; amounts leave the server as numbers only below MONEY_MAX_MINOR,
 * which is well inside Number.MAX_SAFE_INTEGER. ADR 009.
 */

/** The largest amount we accept (10^15 minor units: 10 trillion in a 2-decimal currency). */
export const MONEY_MAX_MINOR = 10n ** 15n;

/** ISO 4217 minor-unit exponents that are not 2. Every other valid code has 2. */
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

let known: Set<string> | undefined;
/** Whether `code` is an ISO 4217 currency the runtime knows (Intl's list). */
export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  known ??= new Set(Intl.supportedValuesOf("currency"));
  return known.has(code);
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export type Money = { minor: bigint; currency: string };

const moneyError = (message: string) => new AppError(400, "invalid_amount", message);

/**
 * Parses what a person types ("1,250.50", "1250.5", "1 250", "-3.00") into minor units for the
 * currency. Commas or spaces may group thousands (in threes); a single "." starts the fraction,
 * which may not have more digits than the currency has. Throws invalid_amount otherwise.
 */
export function parseMoney(input: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const text = input.trim();
  const match = /^([+-]?)(\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw moneyError(`"${input}" is not an amount (write it like 1,250.50).`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exponent) {
    throw moneyError(
      exponent === 0 ? `${currency} has no minor units: write a whole amount.` : `${currency} has ${exponent} decimal places at most.`,
    );
  }
  const digits = whole!.replace(/[, ]/g, "") + fraction.padEnd(exponent, "0");
  const minor = BigInt(digits) * (sign === "-" ? -1n : 1n);
  if (minor > MONEY_MAX_MINOR || minor < -MONEY_MAX_MINOR) throw moneyError("That amount is too large.");
  return minor;
}

/** "1,250.50" for 125050n EUR; `withCode` gives "EUR 1,250.50". */
export function formatMoney(minor: bigint | number, currency: string, { withCode = false }: { withCode?: boolean } = {}): string {
  const value = BigInt(minor);
  const exponent = currencyExponent(currency);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent ? digits.slice(digits.length - exponent) : "";
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const amount = `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
  return withCode ? `${currency} ${amount}` : amount;
}

function sameCurrency(a: Money, b: Money) {
  if (a.currency !== b.currency) {
    throw new AppError(409, "currency_mismatch", `Cannot add ${b.currency} to ${a.currency}.`, { currencies: [a.currency, b.currency] });
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor - b.minor, currency: a.currency };
}

/** The sum of amounts in one currency; `currency` names the result when the list is empty. */
export function sumMoney(amounts: Iterable<Money>, currency: string): Money {
  let total: Money = { minor: 0n, currency };
  for (const amount of amounts) total = addMoney(total, amount);
  return total;
}

/** Totals per currency, for portfolios that mix currencies (never added together). */
export function sumByCurrency(amounts: Iterable<Money>): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const { minor, currency } of amounts) totals.set(currency, (totals.get(currency) ?? 0n) + minor);
  return totals;
}

/** Cost of effort: minutes × hourly rate, rounded half up to a whole minor unit (integer arithmetic). */
export function costOfMinutes(minutes: number, hourlyRateMinor: bigint): bigint {
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError("minutes must be a non-negative integer");
  const product = BigInt(minutes) * hourlyRateMinor;
  return (product + 30n) / 60n;
}

/** An amount as it leaves the server: minor units as a number (safe: < MONEY_MAX_MINOR), the currency and a display string. */
export function presentMoney(minor: bigint, currency: string) {
  return { minor: Number(minor), currency, formatted: formatMoney(minor, currency) };
}
