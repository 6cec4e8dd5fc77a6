// A playbook's positions analytics as CSV: one long table, a row per breakdown value, clause and
// position, so a spreadsheet pivots it; shares in percent with two decimals, as the page shows them.
import type { CsvCell } from "./csv.ts";
import { definitionRows, ratioCells } from "./export.ts";
import type { PositionFigures } from "./positions-kpis.ts";
import type { ClauseFigures, PositionBreakdown, PositionsView } from "./positions.ts";

export const POSITIONS_CSV_HEADER = ["breakdown", "value", "clause", "perspective", "position", "outcomes", "share", "unit", "numerator", "denominator"] as const;

const EVERY_CLAUSE = "(every clause)";

/** One figure set as rows: deals, then each position with its share of the deals; not applicable has no share (it is outside the deals). */
function figureRows(lead: readonly CsvCell[], f: PositionFigures): CsvCell[][] {
  return [
    [...lead, "deals", f.deals, null, null, null, null],
    [...lead, "preferred", f.preferred, ...ratioCells(f.rates.preferred)],
    ...f.fallbacks.map((fb, i): CsvCell[] => [...lead, `fallback ${fb.index}`, fb.count, ...ratioCells(f.rates.fallbacks[i]!.rate)]),
    [...lead, "grey zone", f.greyZone, ...ratioCells(f.rates.greyZone)],
    [...lead, "red line", f.redLine, ...ratioCells(f.rates.redLine)],
    [...lead, "not applicable", f.notApplicable, null, null, null, null],
  ];
}

const clauseRows = (breakdown: string, value: string, clauses: readonly ClauseFigures[]) =>
  clauses.flatMap((c) => figureRows([breakdown, value, c.clauseName, c.perspective], c.figures));

const breakdownRows = (name: string, values: readonly PositionBreakdown[]) =>
  values.flatMap((b) => [...figureRows([name, b.label, EVERY_CLAUSE, ""], b.total), ...clauseRows(name, b.label, b.clauses)]);

export function positionsToCsvRows(view: PositionsView): CsvCell[][] {
  const range = `${view.range.from} to ${view.range.to}`;
  return [
    [...POSITIONS_CSV_HEADER],
    ["playbook", view.document.title, null, null, null, null, null, null, null, null],
    ["range", range, null, null, null, null, null, null, null, null],
    // The version breakdown's delivery figures on the page are these KPIs (ADR 041).
    ...definitionRows(["onTime", "turnaround", "serviceLevel"], POSITIONS_CSV_HEADER.length),
    ...(view.client ? [["client", view.client.name, null, null, null, null, null, null, null, null]] : []),
    ...(view.perspective !== null ? [["perspective", view.perspective, null, null, null, null, null, null, null, null]] : []),
    ...figureRows(["all", range, EVERY_CLAUSE, ""], view.total),
    ...clauseRows("all", range, view.clauses),
    ...breakdownRows("quarter", view.byQuarter),
    ...breakdownRows("client", view.byClient),
    ...breakdownRows("counterparty", view.byCounterparty),
    ...breakdownRows("version", view.byVersion),
  ];
}
