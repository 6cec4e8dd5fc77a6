// What a report section shows, as plain data every output draws the same way: the page, the print
// view (SVG charts), the Word file (PNG charts) and the client's portal. A section turns its
// figures into blocks once; a released report keeps the blocks in its snapshot, so the record
// the client saw does not change when the drawing code does.

/**
 * Bars per category (a month), one per series, and an optional level drawn across (the budget).
 * Values are plain numbers (counts, or minor units); `labels` are what a reader sees for each
 * value (money formatted by server/mandates/money.ts), so no output formats anything itself.
 */
export type BarChart = {
  title: string;
  /** One line under the title: the headline figure. */
  summary: string;
  categories: string[];
  series: { name: string; values: number[]; labels: string[] }[];
  level: { name: string; value: number; label: string } | null;
  /** Values per axis unit: 1 for counts, 10^exponent for money in minor units (the axis reads whole currency units). */
  axisScale: number;
};

export type ReportBlock =
  | { kind: "paragraph"; text: string }
  /** Label–value pairs: the headline figures. */
  | { kind: "facts"; items: { label: string; value: string }[] }
  | { kind: "table"; caption: string; columns: string[]; rows: string[][]; empty: string }
  | { kind: "chart"; chart: BarChart }
  /** The written definitions of the figures above (KPI_DEFINITIONS). */
  | { kind: "definitions"; items: { term: string; definition: string }[] };
