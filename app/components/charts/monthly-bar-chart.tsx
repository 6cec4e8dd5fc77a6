import type { MonthlyCount } from "../../../server/kpis/index.ts";
import { formatMonth } from "~/utils/format";
import { CountBarChart } from "./count-bar-chart";

/** Deliverables delivered per month (computePortfolioKpis(...).deliveredPerMonth). */
export function MonthlyBarChart({ data, title = "Deliverables delivered per month" }: { data: readonly MonthlyCount[]; title?: string }) {
  const total = data.reduce((sum, d) => sum + d.delivered, 0);
  return (
    <CountBarChart
      title={title}
      summary={`${total} delivered`}
      bars={data.map((d) => ({ key: d.month, label: formatMonth(d.month), count: d.delivered }))}
      columnLabel="Month"
      valueLabel="Delivered"
      emptyText="Nothing delivered in this period."
    />
  );
}
