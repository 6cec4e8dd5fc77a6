// KPI results as they leave the server: the numbers, plus money as display text made by the one
// money formatter (server/mandates/money.ts), so charts and tables in app/ never format money
// themselves and show amounts exactly as the rest of the mandate pages do.

import { formatMoney } from "../mandates/money.ts";
import type { Budget, MandateKpis } from "./mandate-kpis.ts";
import type { MarginRow, PortfolioKpis } from "./portfolio-kpis.ts";
import { kpiDefinition, turnaroundMeasuredUnder, type KpiDefinition } from "./definitions.ts";
import { MANDATE_KPI_IDS, portfolioKpiIds } from "./export.ts";

const money = (minor: number, currency: string) => formatMoney(minor, currency, { withCode: true });

export type PresentedBudget = Budget & {
  formatted: { agreed: string; consumed: string; remaining: string; planned: string; billable: string | null; overCap: string | null };
};

export function presentBudget(budget: Budget): PresentedBudget {
  const { currency, cap } = budget;
  return {
    ...budget,
    formatted: {
      agreed: money(budget.agreedMinor, currency),
      consumed: money(budget.consumedMinor, currency),
      remaining: money(budget.remainingMinor, currency),
      planned: money(budget.plannedMinor, currency),
      billable: cap ? money(cap.billableMinor, currency) : null,
      overCap: cap ? money(cap.overCapMinor, currency) : null,
    },
  };
}

/** What each KPI shown measures, printed beside the figures (ADR 041). */
export type WithDefinitions = { definitions: KpiDefinition[] };

export type PresentedMandateKpis = Omit<MandateKpis, "budget"> & { budget: PresentedBudget } & WithDefinitions;

export function presentMandateKpis(kpis: MandateKpis): PresentedMandateKpis {
  return { ...kpis, budget: presentBudget(kpis.budget), definitions: MANDATE_KPI_IDS.map(kpiDefinition) };
}

export type PresentedMarginRow = MarginRow & { formatted: { fees: string; cost: string; margin: string } };
export type PresentedPortfolioKpis = Omit<PortfolioKpis, "marginByPricingModel"> & {
  marginByPricingModel: PresentedMarginRow[];
  /** "all 12 measured under v2", or how many of them the old clock measured. */
  turnaroundMeasuredUnder: string;
} & WithDefinitions;

export function presentMarginRow(row: MarginRow): PresentedMarginRow {
  return { ...row, formatted: { fees: money(row.feesMinor, row.currency), cost: money(row.costMinor, row.currency), margin: money(row.marginMinor, row.currency) } };
}

/** `withMargin`: the viewer sees margins (the provider's staff), so its definition is printed too. */
export function presentPortfolioKpis(kpis: PortfolioKpis, withMargin = true): PresentedPortfolioKpis {
  return {
    ...kpis,
    marginByPricingModel: kpis.marginByPricingModel.map(presentMarginRow),
    turnaroundMeasuredUnder: turnaroundMeasuredUnder(kpis.turnaround.measured, kpis.turnaround.measuredV1),
    definitions: portfolioKpiIds(withMargin).map(kpiDefinition),
  };
}
