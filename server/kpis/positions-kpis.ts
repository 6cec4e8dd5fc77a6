// How often each clause's negotiated outcome held the preferred position, fell to a fallback,
// to the grey zone or to the red line: counts into rates. Pure, over the counts positions-sql.ts
// returns. The denominator is the deals — every outcome but "not applicable" (ADR 037).
import { toRatio } from "./ratio.ts";
import type { OutcomeKind, PositionCountRow } from "./positions-sql.ts";
import type { Ratio } from "./types.ts";

export type PositionTally = {
  /** Outcomes other than NOT_APPLICABLE: the rates' denominator. */
  deals: number;
  preferred: number;
  /** Per fallback, from 1, in the playbook's order; only fallbacks that were used. */
  fallbacks: { index: number; count: number }[];
  /** Every fallback together. */
  fallback: number;
  greyZone: number;
  redLine: number;
  notApplicable: number;
};

export type PositionRates = {
  preferred: Ratio;
  fallbacks: { index: number; rate: Ratio }[];
  fallback: Ratio;
  greyZone: Ratio;
  redLine: Ratio;
};

export type PositionFigures = PositionTally & { rates: PositionRates };

export const emptyTally = (): PositionTally => ({ deals: 0, preferred: 0, fallbacks: [], fallback: 0, greyZone: 0, redLine: 0, notApplicable: 0 });

/** Adds `count` outcomes of one kind to a tally. */
export function addToTally(tally: PositionTally, outcome: OutcomeKind, fallbackIndex: number, count: number): void {
  if (outcome === "NOT_APPLICABLE") {
    tally.notApplicable += count;
    return;
  }
  tally.deals += count;
  if (outcome === "PREFERRED") tally.preferred += count;
  else if (outcome === "GREY_ZONE") tally.greyZone += count;
  else if (outcome === "RED_LINE") tally.redLine += count;
  else {
    tally.fallback += count;
    const entry = tally.fallbacks.find((f) => f.index === fallbackIndex);
    if (entry) entry.count += count;
    else tally.fallbacks.push({ index: fallbackIndex, count });
    tally.fallbacks.sort((a, b) => a.index - b.index);
  }
}

/** Rates over the deals (not applicable left out of the denominator); "no data" when there are none. */
export function withRates(tally: PositionTally): PositionFigures {
  const rate = (n: number) => toRatio(n, tally.deals);
  return {
    ...tally,
    rates: {
      preferred: rate(tally.preferred),
      fallbacks: tally.fallbacks.map((f) => ({ index: f.index, rate: rate(f.count) })),
      fallback: rate(tally.fallback),
      greyZone: rate(tally.greyZone),
      redLine: rate(tally.redLine),
    },
  };
}

/**
 * Count rows grouped into tallies by a key the caller makes from each row, in first-seen order.
 * `label` names each group once, from its first row.
 */
export function tallyBy<K extends string, G>(
  rows: readonly PositionCountRow[],
  keyOf: (row: PositionCountRow) => K,
  groupOf: (row: PositionCountRow) => G,
): { group: G; figures: PositionFigures }[] {
  const groups = new Map<K, { group: G; tally: PositionTally }>();
  for (const row of rows) {
    const key = keyOf(row);
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { group: groupOf(row), tally: emptyTally() }));
    addToTally(entry.tally, row.outcome, row.fallbackIndex, row.count);
  }
  return [...groups.values()].map(({ group, tally }) => ({ group, figures: withRates(tally) }));
}

/** A counterparty's label: "(not recorded)" when none was written down. */
export const NO_COUNTERPARTY = "(not recorded)";

/** "2026-Q3" → "2026 Q3", as sentences and tables show a quarter. */
export const quarterLabel = (quarter: string) => quarter.replace("-", " ");
