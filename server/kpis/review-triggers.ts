// When a playbook's negotiation outcomes say it needs a look: its review triggers judged against
// the outcomes counted per clause and calendar month (UTC). Pure, so each rule's arithmetic is
// tested on hand-written counts; the service (review-trigger-service.ts) loads and stores. ADR 037.
import { divideRounded } from "./ratio.ts";
import { quarterLabel } from "./positions-kpis.ts";
import type { OutcomeKind } from "./positions-sql.ts";

export type ReviewTriggerRule = {
  id: string;
  kind: "FALLBACK_SHARE_IN_QUARTER" | "RED_LINE_IN_MONTH";
  clauseId: string | null;
  fallbackIndex: number | null;
  shareNumerator: number | null;
  shareDenominator: number | null;
  minimumDeals: number;
  minimumCount: number | null;
};

/** Outcomes of one kind for one clause in one UTC month ("2026-11"). */
export type MonthlyOutcomeCount = { month: string; clauseId: string; outcome: OutcomeKind; fallbackIndex: number; count: number };

export type FindingDraft = {
  triggerId: string;
  /** "2026-Q3" or "2026-11". */
  period: string;
  clauseId: string;
  clauseName: string;
  /** 0 for a red line. */
  fallbackIndex: number;
  count: number;
  deals: number;
  sentence: string;
};

/** The starter library's NDA rule: "if the same fallback is conceded on more than a third of NDAs in a quarter". */
export const FALLBACK_THIRD_PRESET = {
  kind: "FALLBACK_SHARE_IN_QUARTER",
  clauseId: null,
  fallbackIndex: null,
  shareNumerator: 1,
  shareDenominator: 3,
  minimumDeals: 5,
  minimumCount: null,
} as const satisfies Omit<ReviewTriggerRule, "id">;

/** "2026-11" → "2026-Q4". */
export const quarterOfMonth = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** A whole percent, rounded half away from zero: "34 %". */
const wholePercent = (count: number, deals: number) => `${divideRounded(BigInt(count) * 100n, BigInt(deals))} %`;

/** A rule in words, for the playbook's page: "Fallback used in more than 33.33 % of a clause's deals in a quarter (at least 5 deals)". */
export function describeRule(rule: Omit<ReviewTriggerRule, "id">, clauseName: string | null): string {
  const where = rule.clauseId ? `on “${clauseName ?? rule.clauseId}”` : "on any clause";
  if (rule.kind === "RED_LINE_IN_MONTH") return `Red line ${where} conceded ${rule.minimumCount} or more times in a month`;
  const which = rule.fallbackIndex ? `Fallback ${rule.fallbackIndex}` : "The same fallback";
  const share =
    rule.shareNumerator === 1 && rule.shareDenominator === 3
      ? "a third"
      : `${Number(divideRounded(BigInt(rule.shareNumerator ?? 0) * 10_000n, BigInt(rule.shareDenominator ?? 1))) / 100} %`;
  return `${which} ${where} used in more than ${share} of deals in a quarter (at least ${rule.minimumDeals} deals)`;
}

type Group = { period: string; clauseId: string; deals: number; redLine: number; fallbacks: Map<number, number> };

function groupBy(counts: readonly MonthlyOutcomeCount[], periodOf: (month: string) => string): Group[] {
  const groups = new Map<string, Group>();
  for (const c of counts) {
    const period = periodOf(c.month);
    const key = `${period}\u0000${c.clauseId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { period, clauseId: c.clauseId, deals: 0, redLine: 0, fallbacks: new Map() }));
    if (c.outcome === "NOT_APPLICABLE") continue;
    g.deals += c.count;
    if (c.outcome === "RED_LINE") g.redLine += c.count;
    if (c.outcome === "FALLBACK") g.fallbacks.set(c.fallbackIndex, (g.fallbacks.get(c.fallbackIndex) ?? 0) + c.count);
  }
  return [...groups.values()];
}

/**
 * Every (period, clause, fallback) for which the rule fires. A fallback rule fires when the
 * fallback's share of the clause's deals in a quarter is MORE than the rule's share (exactly a
 * third does not fire "more than a third"), and only from `minimumDeals` deals; with no fallback
 * named, each fallback is judged on its own ("the same fallback"). A red-line rule fires at
 * `minimumCount` red-line outcomes of one clause in a month. Deals exclude "not applicable".
 */
export function evaluateTrigger(rule: ReviewTriggerRule, counts: readonly MonthlyOutcomeCount[], clauseNames: ReadonlyMap<string, string>): FindingDraft[] {
  const mine = counts.filter((c) => rule.clauseId === null || c.clauseId === rule.clauseId);
  const nameOf = (clauseId: string) => clauseNames.get(clauseId) ?? clauseId;
  const drafts: FindingDraft[] = [];
  if (rule.kind === "RED_LINE_IN_MONTH") {
    const minimum = rule.minimumCount ?? 1;
    for (const g of groupBy(mine, (m) => m)) {
      if (g.redLine < minimum) continue;
      drafts.push({
        triggerId: rule.id,
        period: g.period,
        clauseId: g.clauseId,
        clauseName: nameOf(g.clauseId),
        fallbackIndex: 0,
        count: g.redLine,
        deals: g.deals,
        sentence: `Red line on “${nameOf(g.clauseId)}” conceded ${g.redLine} ${g.redLine === 1 ? "time" : "times"} in ${monthLabel(g.period)} (of ${g.deals} deals)`,
      });
    }
    return drafts;
  }
  const numerator = BigInt(rule.shareNumerator ?? 0);
  const denominator = BigInt(rule.shareDenominator ?? 1);
  for (const g of groupBy(mine, quarterOfMonth)) {
    if (g.deals < rule.minimumDeals) continue;
    for (const [index, count] of [...g.fallbacks].sort((a, b) => a[0] - b[0])) {
      if (rule.fallbackIndex !== null && index !== rule.fallbackIndex) continue;
      // count / deals > numerator / denominator, in integers.
      if (BigInt(count) * denominator <= numerator * BigInt(g.deals)) continue;
      drafts.push({
        triggerId: rule.id,
        period: g.period,
        clauseId: g.clauseId,
        clauseName: nameOf(g.clauseId),
        fallbackIndex: index,
        count,
        deals: g.deals,
        sentence: `Fallback ${index} on “${nameOf(g.clauseId)}” used in ${count} of ${g.deals} deals in ${quarterLabel(g.period)} (${wholePercent(count, g.deals)})`,
      });
    }
  }
  return drafts;
}
