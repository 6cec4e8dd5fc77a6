import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { AXIS_PROPS, CHART_MARGIN, ChartFigure, ChartSvg, PLOT_HEIGHT, PLOT_WIDTH, integerTicks } from "./chart-figure";

const MAX_LABELLED_BARS = 8;

export type CountBar = { key: string; label: string; count: number };

/** What a chart of counts is given, vertical (CountBarChart) or ranked (RankedBarChart). */
export type CountChartProps = {
  title: string;
  summary?: React.ReactNode;
  bars: readonly CountBar[];
  columnLabel: string;
  valueLabel: string;
  emptyText?: string;
};

/**
 * Vertical bars of whole counts, each labelled with its number (the bars' heights alone are hard
 * to read exactly). StatusBarChart and MonthlyBarChart are this with their own labels.
 */
export function CountBarChart({ title, summary, bars, columnLabel, valueLabel, emptyText }: CountChartProps) {
  const ticks = integerTicks(Math.max(0, ...bars.map((b) => b.count)));
  const x = scaleBand({ domain: bars.map((b) => b.key), range: [0, PLOT_WIDTH], padding: 0.25 });
  const y = scaleLinear({ domain: [0, ticks[ticks.length - 1]!], range: [PLOT_HEIGHT, 0] });
  const labelOf = new Map(bars.map((b) => [b.key, b.label]));
  // Past eight bars their labels would overlap: label every n-th one (the table has them all).
  const every = Math.ceil(bars.length / MAX_LABELLED_BARS);
  const labelled = bars.filter((_, i) => i % every === 0).map((b) => b.key);
  return (
    <ChartFigure
      title={title}
      summary={summary}
      columns={[columnLabel, valueLabel]}
      rows={bars.map((b) => [b.label, b.count])}
      isEmpty={bars.every((b) => b.count === 0)}
      emptyText={emptyText}
    >
      <ChartSvg>
        <Group left={CHART_MARGIN.left} top={CHART_MARGIN.top}>
          {bars.map((b) => {
            const top = y(b.count);
            const left = x(b.key) ?? 0;
            return (
              <g key={b.key} className={`chart-bar-group chart-bar-${b.key.toLowerCase()}`}>
                <Bar className="chart-bar" x={left} y={top} width={x.bandwidth()} height={PLOT_HEIGHT - top} />
                <text className="chart-value" x={left + x.bandwidth() / 2} y={top - 4} textAnchor="middle">
                  {b.count}
                </text>
              </g>
            );
          })}
          <AxisLeft {...AXIS_PROPS} scale={y} tickValues={ticks} tickFormat={(v) => String(v)} />
          <AxisBottom {...AXIS_PROPS} scale={x} top={PLOT_HEIGHT} tickValues={labelled} tickFormat={(key) => labelOf.get(key) ?? key} />
        </Group>
      </ChartSvg>
    </ChartFigure>
  );
}
