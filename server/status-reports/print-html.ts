import { LEVEL_COLOUR, SERIES_COLOURS } from "../../app/components/charts/bar-chart-layout.ts";
import { escapeHtml } from "../http/escape-html.ts";
import type { ReportBlock } from "./blocks.ts";
import { chartToSvg } from "./chart-svg.ts";
import { formatCalendarDate } from "../../app/utils/format.ts";
import { RAG_LABELS, type ReportSnapshot } from "./snapshot.ts";

/**
 * A status report as one self-contained HTML page to print or "Save as PDF", like the library's
 * print pages (server/library/print-html.ts): no scripts, no outside resources, print CSS, every
 * text escaped; charts as inline SVG (chart-svg.ts) with their numbers in a table beneath.
 */

const STYLE = `
  :root { color: #111; font: 10.5pt/1.45 system-ui, sans-serif; }
  body { margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
  header { border-bottom: 1px solid #999; margin-bottom: 1rem; color: #444; }
  h1, h2, h3 { line-height: 1.25; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
  th, td { border: 1px solid #999; padding: .3rem .45rem; vertical-align: top; text-align: left; }
  th { background: #f2f2f2; }
  .rag { display: inline-block; padding: .1rem .6rem; border-radius: .25rem; color: #fff; font-weight: bold; }
  .rag-RED { background: #b3261e; } .rag-AMBER { background: #8a5a00; } .rag-GREEN { background: #2e7d4f; }
  figure { margin: 1rem 0; break-inside: avoid; }
  figcaption { font-weight: bold; } figcaption span { display: block; font-weight: normal; color: #444; }
  .legend { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
  .swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; }
  .empty { font-style: italic; color: #444; }
  dt { font-weight: bold; } dd { margin: 0 0 .4rem; }
  @media print { @page { margin: 1.8cm; } body { margin: 0; max-width: none; padding: 0; } tr { break-inside: avoid; } }
`;

const e = escapeHtml;
const table = (columns: string[] | null, rows: string[][]) =>
  `<table>${columns ? `<thead><tr>${columns.map((c) => `<th scope="col">${e(c)}</th>`).join("")}</tr></thead>` : ""}<tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 && !columns ? `<th scope="row">${e(c)}</th>` : `<td>${e(c)}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table>`;
const paragraphs = (text: string) => (text ? text.split(/\n+/).map((p) => `<p>${e(p)}</p>`).join("") : `<p class="empty">—</p>`);

function blockToHtml(block: ReportBlock): string {
  switch (block.kind) {
    case "paragraph":
      return paragraphs(block.text);
    case "facts":
      return table(null, block.items.map((i) => [i.label, i.value]));
    case "table":
      return `<h3>${e(block.caption)}</h3>${block.rows.length ? table(block.columns, block.rows) : `<p class="empty">${e(block.empty)}</p>`}`;
    case "chart": {
      const { chart } = block;
      const legend = [...chart.series.map((s, i) => [s.name, SERIES_COLOURS[i % SERIES_COLOURS.length]!]), ...(chart.level ? [[`${chart.level.name}: ${chart.level.label} (dashed)`, LEVEL_COLOUR]] : [])];
      return `<figure><figcaption>${e(chart.title)}<span>${e(chart.summary)}</span></figcaption>${chartToSvg(chart)}<ul class="legend">${legend
        .map(([name, colour]) => `<li><span class="swatch" style="background:${colour}"></span>${e(name!)}</li>`)
        .join("")}</ul>${table(["Month", ...chart.series.map((s) => s.name)], chart.categories.map((c, i) => [c, ...chart.series.map((s) => s.labels[i] ?? "")]))}</figure>`;
    }
    case "definitions":
      return `<h3>Definitions</h3><dl>${block.items.map((d) => `<dt>${e(d.term)}</dt><dd>${e(d.definition)}</dd>`).join("")}</dl>`;
  }
}

export function reportToPrintHtml(report: ReportSnapshot): string {
  const title = `Status report ${report.periodTitle}: ${report.mandate.title}`;
  const state = report.releasedAt ? `Released ${formatCalendarDate(report.releasedAt)}${report.releasedBy ? ` by ${report.releasedBy}` : ""}` : `Draft — figures as at ${formatCalendarDate(report.assembledAt)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head><body>
<header><p>${e(report.mandate.reference)} · ${e(report.mandate.clientName)} · ${e(state)}</p></header>
<h1>${e(title)}</h1>
<h2>Status: ${report.rag ? `<span class="rag rag-${report.rag}">${RAG_LABELS[report.rag]}</span>` : "not set"}</h2>${paragraphs(report.ragReasons)}
<h2>What went well</h2>${paragraphs(report.wentWell)}
<h2>What did not go well</h2>${paragraphs(report.wentBadly)}
<h2>Next steps</h2>${paragraphs(report.nextSteps)}
${report.sections.map((s) => `<section><h2>${e(s.title)}</h2>${s.blocks.map(blockToHtml).join("")}</section>`).join("\n")}
</body></html>`;
}
