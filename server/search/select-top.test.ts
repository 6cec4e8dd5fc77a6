import { describe, expect, test } from "vitest";
import { selectTop } from "./select-top.ts";

describe("selectTop", () => {
  test("returns the same best n, in the same order, as sorting everything would", () => {
    const scores = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 50); // scrambled, with many ties
    const slots = scores.map((_, i) => i).filter((i) => i % 3 !== 0);
    const full = [...slots].sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (const n of [0, 1, 7, 20, 100, slots.length, slots.length + 5]) {
      expect(selectTop(slots, (s) => scores[s]!, n)).toEqual(full.slice(0, n));
    }
  });
});
