import { scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import type { PresentedBudget } from "../../../server/kpis/index.ts";
import { formatRatio } from "~/utils/format";
import { CHART_MARGIN, CHART_WIDTH, ChartFigure, ChartSvg } from "./chart-figure";

const HEIGHT = 64;
const TRACK_Y = 16;
const TRACK_HEIGHT = 24;

/**
 * Budget consumed against agreed (presentMandateKpis(...).budget: amounts come formatted from the
 * server's one money formatter) as one horizontal bar: the
 * track is the agreed budget (the cap, for CAPPED), the fill what is consumed; past it, the
 * overrun shows in the danger colour beyond the agreed mark.
 */
export function BudgetBar({ budget, title = "Budget consumed" }: { budget: PresentedBudget; title?: string }) {
  const { formatted } = budget;
  const width = CHART_WIDTH - CHART_MARGIN.left - CHART_MARGIN.right;
  const x = scaleLinear({ domain: [0, Math.max(1, budget.agreedMinor, budget.consumedMinor)], range: [0, width] });
  const within = Math.min(budget.consumedMinor, budget.agreedMinor);
  const over = Math.max(0, budget.consumedMinor - budget.agreedMinor);
  const agreedLabel = budget.cap ? "Cap" : "Agreed";
  const rows: [string, string][] = [
    [agreedLabel, formatted.agreed],
    ["Consumed", formatted.consumed],
    ["Remaining", formatted.remaining],
    ["Consumed share", formatRatio(budget.consumed)],
    ["Scope value", formatted.planned],
  ];
  if (formatted.billable !== null && formatted.overCap !== null) {
    rows.push(["Billable under the cap", formatted.billable], ["Over the cap", formatted.overCap]);
  }
  return (
    <ChartFigure
      title={title}
      summary={`${formatted.consumed} of ${formatted.agreed} (${formatRatio(budget.consumed)})`}
      columns={["Item", "Amount"]}
      rows={rows}
    >
      <ChartSvg height={HEIGHT}>
        <g transform={`translate(${CHART_MARGIN.left}, 0)`}>
          <Bar className="chart-track" x={0} y={TRACK_Y} width={x(budget.agreedMinor)} height={TRACK_HEIGHT} />
          <Bar className="chart-bar" x={0} y={TRACK_Y} width={x(within)} height={TRACK_HEIGHT} />
          {over > 0 ? (
            <Bar className="chart-bar chart-bar-over" x={x(budget.agreedMinor)} y={TRACK_Y} width={x(over)} height={TRACK_HEIGHT} />
          ) : null}
          <line className="chart-mark" x1={x(budget.agreedMinor)} x2={x(budget.agreedMinor)} y1={TRACK_Y - 6} y2={TRACK_Y + TRACK_HEIGHT + 6} />
          <text className="chart-value" x={x(budget.agreedMinor)} y={TRACK_Y + TRACK_HEIGHT + 20} textAnchor="end">
            {agreedLabel} {formatted.agreed}
          </text>
        </g>
      </ChartSvg>
    </ChartFigure>
  );
}
