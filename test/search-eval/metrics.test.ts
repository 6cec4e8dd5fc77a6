import { describe, expect, test } from "vitest";
import { gradesOf, ndcgAt, passes, reciprocalRank } from "./metrics.ts";

const judged = { highly: ["a"], relevant: ["b", "c"] };

describe("relevance metrics (hand-computed)", () => {
  test("grades: each expected id credited once, a slug matching any of its sections", () => {
    expect(gradesOf(["x", "b", "a", "b"], judged)).toEqual([0, 1, 2, 0]);
    expect(gradesOf(["doc#clause-1", "doc#clause-2"], { highly: ["doc"], relevant: [] })).toEqual([2, 0]);
    expect(gradesOf(["doc#clause-1", "doc#clause-2"], { highly: ["doc#clause-2"], relevant: [] })).toEqual([0, 2]);
  });

  test("reciprocal rank: 1 / the rank of the first relevant hit in the top 10, else 0", () => {
    expect(reciprocalRank(["a"], judged)).toBe(1);
    expect(reciprocalRank(["x", "y", "c"], judged)).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRank([...Array.from({ length: 10 }, (_, i) => `x${i}`), "a"], judged)).toBe(0);
    expect(reciprocalRank([], judged)).toBe(0);
  });

  test("nDCG@10: gains 3 (highly) and 1 (relevant), discounted by log2(rank + 1)", () => {
    expect(ndcgAt(["a", "b", "c"], judged)).toBeCloseTo(1, 10);
    // DCG = 1/log2(2) + 3/log2(3) = 1 + 1.892789 = 2.892789; ideal = 3 + 1/log2(3) + 1/log2(4) = 4.130930
    expect(ndcgAt(["b", "a"], judged)).toBeCloseTo(2.892789 / 4.13093, 5);
    // Only c, at rank 2: (1/log2(3)) / 4.130930 = 0.630930 / 4.130930
    expect(ndcgAt(["x", "c"], judged)).toBeCloseTo(0.63093 / 4.13093, 5);
    expect(ndcgAt(["x"], judged)).toBe(0);
  });

  test("pass: the highly relevant in the top 3, else every relevant one in the top 10, or nothing when nothing is right", () => {
    expect(passes(["x", "y", "a"], judged)).toBe(true);
    expect(passes(["x", "y", "z", "a"], judged)).toBe(false);
    expect(passes(["b", "x", "x", "x", "x", "x", "x", "x", "x", "c"], { highly: [], relevant: ["b", "c"] })).toBe(true);
    expect(passes(["b", "x", "x", "x", "x", "x", "x", "x", "x", "x", "c"], { highly: [], relevant: ["b", "c"] })).toBe(false);
    expect(passes([], { highly: [], relevant: [] }, true)).toBe(true);
    expect(passes(["a"], { highly: [], relevant: [] }, true)).toBe(false);
  });
});
