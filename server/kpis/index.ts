// The public surface of the KPIs: pure formulas over plain inputs (./types.ts), and the service
// (./service.ts) that loads rows under the viewer's policy, maps them onto these inputs and calls
// them. The formulas touch no database, so the same numbers come out in a loader, the API and the CSV export.
export * from "./types.ts";
export { toRatio, formatBasisPoints } from "./ratio.ts";
export { getFinalDeliveryAt, isDeliveredOnTime } from "./delivery.ts";
export {
  computeBudget,
  computeBurndown,
  computeMandateKpis,
  computeOnTime,
  countDeliverablesByStatus,
  type Budget,
  type Burndown,
  type BurndownGranularity,
  type BurndownPoint,
  type MandateKpis,
  type OnTime,
  type StatusCount,
} from "./mandate-kpis.ts";
export {
  MOST_USED_DEFAULT_LIMIT,
  computeMarginByPricingModel,
  computePortfolioKpis,
  deliveredPerMonthFromCounts,
  marginRowsFromTotals,
  summariseTurnaroundTotals,
  turnaroundFromTotals,
  type MarginTotals,
  type TurnaroundTotals,
  computePortfolioOnTimeRate,
  computeTurnaround,
  countDeliveredPerMonth,
  rankMostUsedDocuments,
  type MarginRow,
  type MonthlyCount,
  type PortfolioKpis,
  type Turnaround,
  type TurnaroundSummary,
} from "./portfolio-kpis.ts";
export { formatCsvCell, toCsv, type CsvCell } from "./csv.ts";
export { KPI_CSV_HEADER, mandateKpisToCsvRows, portfolioKpisToCsvRows } from "./export.ts";
export {
  presentBudget,
  presentMandateKpis,
  presentPortfolioKpis,
  type PresentedBudget,
  type PresentedMandateKpis,
  type PresentedMarginRow,
  type PresentedPortfolioKpis,
} from "./presenter.ts";
export { KpiFormatSchema, MandateKpiQuerySchema, PortfolioQuerySchema, resolveRange, type PortfolioQuery } from "./schema.ts";
export { loadPortfolioSums, type PortfolioSums } from "./portfolio-sql.ts";
export { createKpiService, type KpiService, type KpiServiceDeps, type PortfolioKpisView } from "./service.ts";
