import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { LinePath } from "@visx/shape";
import type { Burndown, BurndownPoint } from "../../../server/kpis/index.ts";
import { formatDay } from "~/utils/format";
import { AXIS_PROPS, CHART_MARGIN, ChartFigure, ChartSvg, PLOT_HEIGHT, PLOT_WIDTH, integerTicks } from "./chart-figure";

const toDate = (dayKey: string) => new Date(`${dayKey}T00:00:00Z`);

/**
 * Open deliverables over time against the ideal straight line to the target date
 * (computeMandateKpis(...).burndown). The actual line stops at today: later points are null.
 * A mandate without a target date has no ideal (`hasIdeal` false, its values placeholder
 * zeros: ADR 010 addendum): no ideal line, legend entry or table column, rather than a false
 * "should be done by now". Once a change request was approved (ADR 043), the first plan is drawn
 * beside it as the baseline and each approval day is marked where the plan steps.
 */
export function BurndownChart({ burndown, title = "Burn-down" }: { burndown: Burndown; title?: string }) {
  const { points } = burndown;
  const first = points[0];
  const last = points[points.length - 1];
  const latest = [...points].reverse().find((p) => p.actual !== null);
  const ticks = integerTicks(Math.max(burndown.scope, ...points.map((p) => p.actual ?? 0)));
  const x = scaleUtc({
    domain: [toDate(first?.date ?? "1970-01-01"), toDate(last?.date ?? "1970-01-01")],
    range: [0, PLOT_WIDTH],
  });
  const y = scaleLinear({ domain: [0, ticks[ticks.length - 1]!], range: [PLOT_HEIGHT, 0] });
  const xOf = (p: BurndownPoint) => x(toDate(p.date));
  const { hasIdeal } = burndown;
  const changes = burndown.changes ?? [];
  const hasBaseline = changes.length > 0 && points.some((p) => p.baseline !== undefined);
  const changeNote = changes.map((c) => `plan changed on ${formatDay(c.date)}${c.addedDeliverables ? ` (+${c.addedDeliverables})` : ""}${c.targetDate ? `, target ${formatDay(c.targetDate)}` : ""}`).join("; ");
  return (
    <ChartFigure
      title={title}
      summary={`${latest ? `${latest.actual} of ${burndown.scope} open on ${formatDay(latest.date)}` : `${burndown.scope} deliverables, not started yet`}${changeNote ? `; ${changeNote}` : ""}`}
      columns={[...(hasIdeal ? ["Date", "Open", "Ideal"] : ["Date", "Open"]), ...(hasBaseline ? ["Baseline"] : [])]}
      rows={points.map((p) => [...(hasIdeal ? [formatDay(p.date), p.actual ?? "—", p.ideal] : [formatDay(p.date), p.actual ?? "—"]), ...(hasBaseline ? [p.baseline ?? "—"] : [])])}
      isEmpty={burndown.scope === 0 || points.length === 0}
      emptyText="No deliverables to burn down yet."
      legend={
        <ul className="chart-legend">
          <li>
            <span className="chart-swatch chart-swatch-actual" /> Open
          </li>
          {hasIdeal && (
            <li>
              <span className="chart-swatch chart-swatch-ideal" /> Ideal
            </li>
          )}
          {hasBaseline && (
            <li>
              <span className="chart-swatch chart-swatch-baseline" /> Baseline
            </li>
          )}
          {changes.length > 0 && (
            <li>
              <span className="chart-swatch chart-swatch-change" /> Change approved
            </li>
          )}
        </ul>
      }
    >
      <ChartSvg>
        <Group left={CHART_MARGIN.left} top={CHART_MARGIN.top}>
          {hasBaseline && <LinePath className="chart-line chart-line-baseline" data={points} x={xOf} y={(p) => y(p.baseline ?? 0)} />}
          {hasIdeal && <LinePath className="chart-line chart-line-ideal" data={points} x={xOf} y={(p) => y(p.ideal)} />}
          {changes.map((c) => (
            <line key={c.date} className="chart-change-marker" data-change-date={c.date} x1={x(toDate(c.date))} x2={x(toDate(c.date))} y1={0} y2={PLOT_HEIGHT} />
          ))}
          <LinePath
            className="chart-line chart-line-actual"
            data={points}
            defined={(p) => p.actual !== null}
            x={xOf}
            y={(p) => y(p.actual ?? 0)}
          />
          {points
            .filter((p) => p.actual !== null)
            .map((p) => (
              <circle key={p.date} className="chart-dot" cx={xOf(p)} cy={y(p.actual ?? 0)} r={points.length > 31 ? 1.5 : 3} />
            ))}
          <AxisLeft {...AXIS_PROPS} scale={y} tickValues={ticks} tickFormat={(v) => String(v)} />
          <AxisBottom
            {...AXIS_PROPS}
            scale={x}
            top={PLOT_HEIGHT}
            numTicks={6}
            tickFormat={(value) => formatDay((value instanceof Date ? value : new Date(Number(value))).toISOString().slice(0, 10))}
          />
        </Group>
      </ChartSvg>
    </ChartFigure>
  );
}
