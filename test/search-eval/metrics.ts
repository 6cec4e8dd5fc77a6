/**
 * The relevance measures `npm run eval:search` reports (ADR 038): pure functions of one query's
 * ranked result keys and its judgement, so they are tested by hand-computed values.
 *
 * A result key is `slug` (a document) or `slug#anchor` (a clause or section). An expected id
 * without `#` also matches any section of that document (in the Clauses scope: "somewhere in
 * this document"); each expected id is credited once, at its best rank.
 */

/** Graded judgement: "highly" relevant ids (gain 2) and "relevant" ids (gain 1). */
export type Graded = { highly: readonly string[]; relevant: readonly string[] };

export const matches = (expected: string, key: string) => (expected.includes("#") ? key === expected : key === expected || key.startsWith(`${expected}#`));

/** The grade (2, 1 or 0) of each ranked key, each expected id credited at its first match only. */
export function gradesOf(ranked: readonly string[], judged: Graded): number[] {
  const open = new Map<string, number>([...judged.relevant.map((id) => [id, 1] as const), ...judged.highly.map((id) => [id, 2] as const)]);
  return ranked.map((key) => {
    let best: string | null = null;
    for (const [id, grade] of open) if (matches(id, key) && (best === null || grade > open.get(best)!)) best = id;
    if (best === null) return 0;
    const grade = open.get(best)!;
    open.delete(best);
    return grade;
  });
}

/** 1 / the rank of the first relevant key within the top `k` (0 when none is). */
export function reciprocalRank(ranked: readonly string[], judged: Graded, k = 10): number {
  const i = gradesOf(ranked.slice(0, k), judged).findIndex((g) => g > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

const dcg = (grades: readonly number[]) => grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

/** nDCG@k with gains 2^grade − 1 over the ideal ordering of the judged ids. */
export function ndcgAt(ranked: readonly string[], judged: Graded, k = 10): number {
  const ideal = [...judged.highly.map(() => 2), ...judged.relevant.map(() => 1)].slice(0, k);
  const best = dcg(ideal);
  return best === 0 ? 0 : dcg(gradesOf(ranked.slice(0, k), judged)) / best;
}

/**
 * The pass rule: every "highly" relevant id in the top 3; where none is "highly", every relevant
 * id in the top 10; a query that must find nothing passes only on an empty result.
 */
export function passes(ranked: readonly string[], judged: Graded, mustBeEmpty = false): boolean {
  if (mustBeEmpty) return ranked.length === 0;
  const [ids, k] = judged.highly.length ? [judged.highly, 3] : [judged.relevant, 10];
  if (!ids.length) return false;
  const top = ranked.slice(0, k);
  return ids.every((id) => top.some((key) => matches(id, key)));
}
