import type { ReactNode } from "react";

/**
 * The frame every chart shares: a <figure> named by its <figcaption>, the drawing (hidden from
 * screen readers, which cannot read an SVG's shapes), and the same numbers as a visually hidden
 * table, which they can. With no data it says so in words instead of drawing empty axes.
 */
export function ChartFigure({
  title,
  summary,
  columns,
  rows,
  isEmpty = false,
  emptyText = "No data yet.",
  legend,
  children,
}: {
  title: string;
  /** One line under the title with the headline figure ("75.00 % of budget consumed"). */
  summary?: ReactNode;
  columns: readonly string[];
  rows: readonly (readonly ReactNode[])[];
  isEmpty?: boolean;
  emptyText?: string;
  legend?: ReactNode;
  /** The <svg>; ChartSvg gives it the right attributes. */
  children: ReactNode;
}) {
  return (
    <figure className="chart">
      <figcaption className="chart-caption">
        <span className="chart-title">{title}</span>
        {summary ? <span className="chart-summary">{summary}</span> : null}
      </figcaption>
      {isEmpty ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <>
          {children}
          {legend}
          {/* Hidden by a wrapper: a table ignores the 1px width (it is as wide as its longest row)
              and made pages with long playbook titles scroll sideways. */}
          <div className="visually-hidden">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, c) =>
                      c === 0 ? (
                        <th key={c} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={c}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}

/** Every chart draws in this coordinate box and scales to its container's width through the viewBox. */
export const CHART_WIDTH = 440;
export const CHART_HEIGHT = 220;
export const CHART_MARGIN = { top: 20, right: 12, bottom: 32, left: 32 } as const;
export const PLOT_WIDTH = CHART_WIDTH - CHART_MARGIN.left - CHART_MARGIN.right;
export const PLOT_HEIGHT = CHART_HEIGHT - CHART_MARGIN.top - CHART_MARGIN.bottom;

/** The <svg> of a chart: aria-hidden because the table beside it carries the same numbers. */
export function ChartSvg({ height = CHART_HEIGHT, children }: { height?: number; children: ReactNode }) {
  return (
    <svg className="chart-svg" viewBox={`0 0 ${CHART_WIDTH} ${height}`} aria-hidden="true" focusable="false" role="presentation">
      {children}
    </svg>
  );
}

/** Whole-number ticks from 0 to max: counts of deliverables have no halves. */
export function integerTicks(max: number, wanted = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  const step = Math.max(1, Math.ceil(top / wanted));
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  if (ticks[ticks.length - 1]! < top) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

/** Shared axis styling: colours come from CSS (currentColor), type from the page. */
export const AXIS_PROPS = {
  stroke: "currentColor",
  tickStroke: "currentColor",
  axisClassName: "chart-axis",
  tickLabelProps: { fill: "currentColor", fontSize: 11, fontFamily: "inherit" },
} as const;
