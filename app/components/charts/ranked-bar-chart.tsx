import { ChartFigure } from "./chart-figure";
import type { CountChartProps } from "./count-bar-chart";

/**
 * Horizontal bars, largest first, for counts whose labels are long (document titles): each label
 * is written in full on its own line above its bar, where a vertical chart's axis would have to
 * overlap or cut them.
 */
export function RankedBarChart({ title, summary, bars, columnLabel, valueLabel, emptyText }: CountChartProps) {
  const ranked = [...bars].sort((a, b) => b.count - a.count);
  const max = Math.max(1, ...ranked.map((b) => b.count));
  return (
    <ChartFigure
      title={title}
      summary={summary}
      columns={[columnLabel, valueLabel]}
      rows={ranked.map((b) => [b.label, b.count])}
      isEmpty={ranked.every((b) => b.count === 0)}
      emptyText={emptyText}
    >
      {/* The drawing; the figure's hidden table reads the same numbers out. */}
      <ol className="ranked-bars" aria-hidden="true">
        {ranked.map((b) => (
          <li key={b.key} className="ranked-bar">
            <span className="ranked-bar-label">{b.label}</span>
            <span className="ranked-bar-track">
              <span className="ranked-bar-fill" style={{ width: `${(b.count / max) * 100}%` }} />
            </span>
            <span className="ranked-bar-value">{b.count}</span>
          </li>
        ))}
      </ol>
    </ChartFigure>
  );
}
