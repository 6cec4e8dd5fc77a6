import type { BarChart } from "../../../server/status-reports/blocks.ts";
import { ChartFigure } from "~/components/charts";
import { layoutBarChart } from "~/components/charts/bar-chart-layout";

/**
 * A status report's bar chart: the shapes the print view and the Word file draw too
 * (bar-chart-layout.ts), in the charts' figure with its numbers as a hidden table and a legend.
 */
export function ReportChart({ chart }: { chart: BarChart }) {
  const shapes = layoutBarChart(chart);
  return (
    <ChartFigure
      title={chart.title}
      summary={chart.summary}
      columns={["Month", ...chart.series.map((s) => s.name)]}
      rows={chart.categories.map((category, i) => [category, ...chart.series.map((s) => s.labels[i] ?? "")])}
      legend={
        <ul className="chart-legend">
          {shapes.legend.map((l) => (
            <li key={l.name}>
              <span className="report-swatch" style={{ background: l.colour }} /> {l.name}
            </li>
          ))}
        </ul>
      }
    >
      <svg className="chart-svg" viewBox={`0 0 ${shapes.width} ${shapes.height}`} aria-hidden="true" focusable="false" role="presentation">
        {shapes.bars.map((b, i) => (
          <rect key={`b${i}`} x={b.x} y={b.y} width={b.width} height={b.height} fill={b.colour} />
        ))}
        {shapes.lines.map((l, i) => (
          <line key={`l${i}`} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke={l.colour} strokeWidth={l.dashed ? 2 : 1} strokeDasharray={l.dashed ? "6 4" : undefined} />
        ))}
        {shapes.texts.map((t, i) => (
          <text key={`t${i}`} x={t.x} y={t.y} textAnchor={t.anchor} className="chart-value">
            {t.text}
          </text>
        ))}
      </svg>
    </ChartFigure>
  );
}
