import { layoutBarChart } from "../../app/components/charts/bar-chart-layout.ts";
import { escapeHtml } from "../http/escape-html.ts";
import type { BarChart } from "./blocks.ts";

/**
 * A report chart as a self-contained SVG for the print view: the shapes the page and the Word
 * file's PNG draw (bar-chart-layout.ts), every text escaped. The figure's caption and its table
 * say the same numbers in words, so the drawing is aria-hidden.
 */
export function chartToSvg(chart: BarChart): string {
  const shapes = layoutBarChart(chart);
  const parts = [
    ...shapes.bars.map((b) => `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="${b.colour}"/>`),
    ...shapes.lines.map((l) => `<line x1="${l.x1}" y1="${l.y1}" x2="${l.x2}" y2="${l.y2}" stroke="${l.colour}"${l.dashed ? ' stroke-dasharray="6 4"' : ""} stroke-width="${l.dashed ? 2 : 1}"/>`),
    ...shapes.texts.map((t) => `<text x="${t.x}" y="${t.y}" text-anchor="${t.anchor}" font-size="11" font-family="system-ui, sans-serif" fill="#333">${escapeHtml(t.text)}</text>`),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${shapes.width} ${shapes.height}" width="100%" aria-hidden="true">${parts.join("")}</svg>`;
}
