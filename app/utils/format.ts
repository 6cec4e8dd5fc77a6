import type { Ratio } from "../../server/kpis/types.ts";

/** One date format across the app: "27 Nov 2026, 09:09", in UTC so server and browser agree. */
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatDate = (iso: string) => dateTimeFormat.format(new Date(iso));

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/**
 * Integer minor units as money: (123456, "EUR") → "€1,234.56", (500, "JPY") → "JP¥500". The decimal
 * point is placed with integer arithmetic and handed to Intl as a string, so no amount passes
 * through a floating-point division on its way to the screen.
 */
export function formatMoneyMinor(minor: number, currency: string): string {
  const format = moneyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const abs = BigInt(Math.abs(minor));
  const scale = 10n ** BigInt(digits);
  const fraction = digits === 0 ? "" : `.${(abs % scale).toString().padStart(digits, "0")}`;
  return format.format(`${minor < 0 ? "-" : ""}${abs / scale}${fraction}` as Intl.StringNumericLiteral);
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-03-02" → "2 Mar" (a chart's day tick; UTC like formatDate). */
export const formatDay = (dayKey: string) => dayFormat.format(new Date(`${dayKey}T00:00:00Z`));

/** "2026-03" → "Mar 2026". */
export const formatMonth = (monthKey: string) => monthFormat.format(new Date(`${monthKey}-01T00:00:00Z`));

/** A KPI share as shown everywhere: "66.67 %", or "no data" when there was nothing to count. */
export const formatRatio = (ratio: Ratio) => (ratio.kind === "no-data" ? "no data" : `${ratio.percent} %`);
