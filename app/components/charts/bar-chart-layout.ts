// The geometry of a grouped bar chart, as plain shapes: the status report draws it as SVG on the
// page and in the print view, and rasterises the same shapes to PNG for its Word file
// (server/status-reports/chart-png.ts), so the three never disagree. Pure: no DOM, no React.
import type { BarChart } from "../../../server/status-reports/blocks.ts";

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 260;
/** The series' colours, in order, then the level's. Dark enough on white for text and bars (WCAG 3:1 for graphics). */
export const SERIES_COLOURS = ["#1f5f9e", "#2e7d4f", "#8a4b08"] as const;
export const LEVEL_COLOUR = "#b3261e";
export const AXIS_COLOUR = "#555555";

export type Rect = { x: number; y: number; width: number; height: number; colour: string };
export type Line = { x1: number; y1: number; x2: number; y2: number; colour: string; dashed: boolean };
export type Text = { x: number; y: number; text: string; anchor: "start" | "middle" | "end" };
export type ChartShapes = { width: number; height: number; bars: Rect[]; lines: Line[]; texts: Text[]; legend: { name: string; colour: string }[] };

const PLOT = { left: 56, right: 16, top: 16, bottom: 40 };

/** A round top for the axis (1, 2, 5 × 10^n) so the scale reads easily. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** A tick's value in axis units, digits grouped in threes ("12,500"). */
const tickLabel = (value: number, scale: number) => String(Math.round(value / scale)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export function layoutBarChart(chart: BarChart): ChartShapes {
  const width = CHART_WIDTH;
  const height = CHART_HEIGHT;
  const plotWidth = width - PLOT.left - PLOT.right;
  const plotHeight = height - PLOT.top - PLOT.bottom;
  const values = chart.series.flatMap((s) => s.values);
  const top = niceCeiling(Math.max(0, ...values, chart.level?.value ?? 0) / chart.axisScale) * chart.axisScale;
  const y = (v: number) => PLOT.top + plotHeight - Math.round((Math.max(0, v) / top) * plotHeight);
  const bars: Rect[] = [];
  const lines: Line[] = [];
  const texts: Text[] = [];
  const groups = Math.max(1, chart.categories.length);
  const groupWidth = plotWidth / groups;
  const barWidth = Math.max(2, Math.floor((groupWidth * 0.7) / Math.max(1, chart.series.length)));
  chart.categories.forEach((category, i) => {
    const start = PLOT.left + i * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
    chart.series.forEach((series, s) => {
      const value = series.values[i] ?? 0;
      const barTop = y(value);
      bars.push({ x: Math.round(start + s * barWidth), y: barTop, width: barWidth - 1, height: PLOT.top + plotHeight - barTop, colour: SERIES_COLOURS[s % SERIES_COLOURS.length]! });
    });
    texts.push({ x: Math.round(PLOT.left + i * groupWidth + groupWidth / 2), y: height - PLOT.bottom + 16, text: category, anchor: "middle" });
  });
  // Axes: the baseline and the left edge, with the top and the middle ticked.
  lines.push({ x1: PLOT.left, y1: PLOT.top + plotHeight, x2: width - PLOT.right, y2: PLOT.top + plotHeight, colour: AXIS_COLOUR, dashed: false });
  lines.push({ x1: PLOT.left, y1: PLOT.top, x2: PLOT.left, y2: PLOT.top + plotHeight, colour: AXIS_COLOUR, dashed: false });
  for (const tick of [0, top / 2, top]) {
    lines.push({ x1: PLOT.left - 4, y1: y(tick), x2: PLOT.left, y2: y(tick), colour: AXIS_COLOUR, dashed: false });
    texts.push({ x: PLOT.left - 6, y: y(tick) + 4, text: tickLabel(tick, chart.axisScale), anchor: "end" });
  }
  if (chart.level) lines.push({ x1: PLOT.left, y1: y(chart.level.value), x2: width - PLOT.right, y2: y(chart.level.value), colour: LEVEL_COLOUR, dashed: true });
  const legend: { name: string; colour: string }[] = chart.series.map((s, i) => ({ name: s.name, colour: SERIES_COLOURS[i % SERIES_COLOURS.length]! }));
  if (chart.level) legend.push({ name: `${chart.level.name}: ${chart.level.label}`, colour: LEVEL_COLOUR });
  return { width, height, bars, lines, texts, legend };
}
