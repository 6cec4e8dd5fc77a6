// The dashboards' numbers as CSV rows, one long table per dashboard: a PM filters and pivots it
// in a spreadsheet, and a new KPI adds rows, not columns. Money stays in minor units (the
// column says so) and shares in percent with two decimals, as the dashboard shows them.

import type { CsvCell } from "./csv.ts";
import { kpiDefinition, turnaroundMeasuredUnder, type KpiId } from "./definitions.ts";
import type { MandateKpis } from "./mandate-kpis.ts";
import type { PortfolioKpis } from "./portfolio-kpis.ts";
import type { Ratio } from "./types.ts";

export const KPI_CSV_HEADER = ["kpi", "item", "value", "unit", "numerator", "denominator", "currency"] as const;

const NO_DATA = "no data";

/** A share as cells: the percent as a number (a negative margin must stay a number) or "no data". */
export function ratioCells(ratio: Ratio): CsvCell[] {
  return ratio.kind === "no-data" ? [NO_DATA, "%", null, null] : [Number(ratio.percent), "%", ratio.numerator, ratio.denominator];
}

/** What each KPI of the export measures, one row each before the figures (ADR 041): "definition", its name, "v2: …". */
export function definitionRows(ids: readonly KpiId[], width: number): CsvCell[][] {
  return ids.map((id) => {
    const d = kpiDefinition(id);
    return ["definition", d.name, `${d.version}: ${d.text}`, ...Array<CsvCell>(width - 3).fill(null)];
  });
}

export const MANDATE_KPI_IDS: readonly KpiId[] = ["onTime", "budget", "burnDown"];
export const portfolioKpiIds = (withMargin: boolean): KpiId[] => ["onTime", "turnaround", "serviceLevel", ...(withMargin ? (["margin"] as const) : [])];

function hundredths(value: number | null): CsvCell {
  return value === null ? NO_DATA : value / 100;
}

export function mandateKpisToCsvRows(kpis: MandateKpis): CsvCell[][] {
  const { budget, onTime, burndown } = kpis;
  const money = (kpi: string, minor: number): CsvCell[] => [kpi, "", minor, "minor units", null, null, budget.currency];
  return [
    [...KPI_CSV_HEADER],
    ...definitionRows(MANDATE_KPI_IDS, KPI_CSV_HEADER.length),
    ...kpis.byStatus.map(({ status, count }) => ["deliverables by status", status, count, "deliverables", null, null, null]),
    ["on-time rate", "", ...ratioCells(onTime.rate), null],
    ["delivered late", "", onTime.late, "deliverables", null, null, null],
    ["awaiting redelivery", "", onTime.awaitingRedelivery, "deliverables", null, null, null],
    ["delivered without due date", "", onTime.withoutDueDate, "deliverables", null, null, null],
    money("budget agreed", budget.agreedMinor),
    money("budget consumed", budget.consumedMinor),
    money("budget remaining", budget.remainingMinor),
    money("scope value", budget.plannedMinor),
    ["budget consumed share", "", ...ratioCells(budget.consumed), budget.currency],
    ...(budget.cap ? [money("cap billable", budget.cap.billableMinor), money("over cap", budget.cap.overCapMinor)] : []),
    // Once a change request moved the budget (ADR 043): the budget first agreed.
    ...(budget.baselineMinor !== undefined ? [money("budget baseline", budget.baselineMinor)] : []),
    ...burndown.points.flatMap((p): CsvCell[][] => [
      ["burn-down remaining", p.date, p.actual ?? NO_DATA, "deliverables", null, null, null],
      // No target date, no ideal line: its placeholder zeros are not figures.
      ...(burndown.hasIdeal ? [["burn-down ideal", p.date, p.ideal, "deliverables", null, null, null]] : []),
      ...(p.baseline !== undefined ? [["burn-down baseline", p.date, p.baseline, "deliverables", null, null, null]] : []),
    ]),
    ...(burndown.changes ?? []).map((c): CsvCell[] => ["burn-down change approved", c.date, c.addedDeliverables, "deliverables added", null, null, null]),
  ];
}

/** `withMargin`: the viewer sees margins (the provider's staff): its definition is printed even when no row has one. */
export function portfolioKpisToCsvRows(kpis: PortfolioKpis, withMargin = kpis.marginByPricingModel.length > 0): CsvCell[][] {
  const { turnaround } = kpis;
  return [
    [...KPI_CSV_HEADER],
    ["range", `${kpis.range.from} to ${kpis.range.to}`, null, null, null, null, null],
    ...definitionRows(portfolioKpiIds(withMargin), KPI_CSV_HEADER.length),
    ["on-time rate", "", ...ratioCells(kpis.onTimeRate), null],
    ["average turnaround", "", hundredths(turnaround.averageHundredths), "business days", null, turnaround.measured, null],
    // A set measured partly under the old clock says how much of it (ADR 041).
    ["turnaround measured under v1", turnaroundMeasuredUnder(turnaround.measured, turnaround.measuredV1), turnaround.measuredV1, "deliverables", null, turnaround.measured, null],
    ["average service level", "", hundredths(turnaround.averageSlaHundredths), "business days", null, turnaround.withSla, null],
    ["within service level", "", ...ratioCells(turnaround.withinSla), null],
    ...turnaround.byType.flatMap((t): CsvCell[][] => [
      ["average turnaround", t.deliverableType, hundredths(t.averageHundredths), "business days", null, t.measured, null],
      ["within service level", t.deliverableType, ...ratioCells(t.withinSla), null],
    ]),
    ...kpis.deliveredPerMonth.map((m) => ["delivered per month", m.month, m.delivered, "deliverables", null, null, null]),
    ...kpis.mostUsedPlaybooks.map((u) => ["playbook links", u.title, u.linkCount, "links", null, null, null]),
    ...kpis.marginByPricingModel.flatMap((m): CsvCell[][] => [
      ["margin", m.pricingModel, ...ratioCells(m.margin), m.currency],
      ["fees", m.pricingModel, m.feesMinor, "minor units", null, null, m.currency],
      ["measured fees", m.pricingModel, m.measuredFeesMinor, "minor units", null, null, m.currency],
      ["cost", m.pricingModel, m.costMinor, "minor units", null, null, m.currency],
      ["unmeasured deliverables", m.pricingModel, m.unmeasured, "deliverables", null, null, m.currency],
    ]),
  ];
}
