import type { PositionFigures } from "../../../server/kpis/positions-kpis.ts";
import type { Ratio } from "../../../server/kpis/types.ts";
import { ChartFigure } from "~/components/charts";
import { formatRatio } from "~/utils/format";

export type PositionBarRow = { key: string; label: string; sublabel?: string; figures: PositionFigures };

/** The parts of a stacked bar, in the playbook's order: preferred, each fallback, grey zone, red line. */
export function positionSegments(f: PositionFigures): { key: string; label: string; count: number; rate: Ratio; className: string }[] {
  return [
    { key: "preferred", label: "Preferred", count: f.preferred, rate: f.rates.preferred, className: "position-preferred" },
    ...f.fallbacks.map((fb, i) => ({
      key: `fallback-${fb.index}`,
      label: `Fallback ${fb.index}`,
      count: fb.count,
      rate: f.rates.fallbacks[i]!.rate,
      className: `position-fallback position-fallback-${Math.min(fb.index, 4)}`,
    })),
    { key: "grey", label: "Grey zone", count: f.greyZone, rate: f.rates.greyZone, className: "position-grey" },
    { key: "red", label: "Red line", count: f.redLine, rate: f.rates.redLine, className: "position-red" },
  ];
}

/** "Preferred 20.00 % (1) · Fallback 1 40.00 % (2) · …": the bar's figures in words, beside it (never colour alone). */
export function positionSummary(f: PositionFigures): string {
  if (!f.deals) return f.notApplicable ? `${f.notApplicable} not applicable, no deals` : "No deals";
  const parts = positionSegments(f)
    .filter((s) => s.count > 0)
    .map((s) => `${s.label} ${formatRatio(s.rate)} (${s.count})`);
  return `${parts.join(" · ")} — of ${f.deals} ${f.deals === 1 ? "deal" : "deals"}${f.notApplicable ? `, ${f.notApplicable} not applicable` : ""}`;
}

/**
 * One stacked bar per row (a clause, a quarter, a counterparty…): how its deals ended, as shares
 * of the deals. The bar is drawn in HTML (aria-hidden); its figures are written beside it and
 * again in ChartFigure's hidden table.
 */
export function PositionBars({ title, rows, emptyText }: { title: string; rows: readonly PositionBarRow[]; emptyText?: string }) {
  const columns = ["Row", "Deals", "Preferred", "Fallbacks", "Grey zone", "Red line", "Not applicable"];
  return (
    <ChartFigure
      title={title}
      columns={columns}
      rows={rows.map((r) => [
        r.sublabel ? `${r.label} (${r.sublabel})` : r.label,
        r.figures.deals,
        formatRatio(r.figures.rates.preferred),
        r.figures.fallbacks.map((fb, i) => `Fallback ${fb.index}: ${formatRatio(r.figures.rates.fallbacks[i]!.rate)}`).join("; ") || "0",
        formatRatio(r.figures.rates.greyZone),
        formatRatio(r.figures.rates.redLine),
        r.figures.notApplicable,
      ])}
      isEmpty={rows.length === 0}
      emptyText={emptyText}
      legend={
        <ul className="chart-legend position-legend" aria-hidden="true">
          {["Preferred", "Fallback", "Grey zone", "Red line"].map((label) => (
            <li key={label}>
              <span className={`position-swatch position-${label === "Preferred" ? "preferred" : label === "Fallback" ? "fallback position-fallback-1" : label === "Grey zone" ? "grey" : "red"}`} /> {label}
            </li>
          ))}
        </ul>
      }
    >
      <ul className="position-bars">
        {rows.map((r) => (
          <li key={r.key} className="position-bar">
            <span className="position-bar-label">
              {r.label}
              {r.sublabel ? <span className="hint"> · {r.sublabel}</span> : null}
            </span>
            <span className="position-bar-track" aria-hidden="true">
              {r.figures.deals
                ? positionSegments(r.figures)
                    .filter((s) => s.count > 0)
                    .map((s) => <span key={s.key} className={`position-bar-part ${s.className}`} style={{ width: `${(s.count / r.figures.deals) * 100}%` }} />)
                : null}
            </span>
            <span className="position-bar-value">{positionSummary(r.figures)}</span>
          </li>
        ))}
      </ul>
    </ChartFigure>
  );
}
