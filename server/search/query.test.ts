import { describe, expect, test } from "vitest";
import { analyzedQueryMatcher, analyzeQuery, boundedEditDistance, parseQuery, typosAllowed } from "./query.ts";

const queryMatcher = (q: string) => analyzedQueryMatcher(analyzeQuery(q));

describe("search queries", () => {
  test("quoted phrases, loose words, and whether the last word is still being typed", () => {
    expect(parseQuery('"Limitation of liability" cap')).toEqual({ phrases: [["limitation", "of", "liability"]], words: ["cap"], lastWordIsOpen: true });
    expect(parseQuery("cap ")).toEqual({ phrases: [], words: ["cap"], lastWordIsOpen: false });
    expect(parseQuery('"unclosed quote')).toEqual({ phrases: [], words: ["unclosed", "quote"], lastWordIsOpen: true });
  });

  test("one typo from four letters, two from eight, none below", () => {
    expect([typosAllowed("nda"), typosAllowed("cape"), typosAllowed("indemnit"), typosAllowed("indemnification")]).toEqual([0, 1, 2, 2]);
    expect(boundedEditDistance("indemnfication", "indemnification", 2)).toBe(1);
    expect(boundedEditDistance("kitten", "sitting", 2)).toBe(3); // more than allowed: max + 1
    expect(boundedEditDistance("a", "abcdef", 2)).toBe(3);
  });

  test("the highlighter's matcher accepts the words the engines would have matched, and only those", () => {
    const isMatch = queryMatcher("NDA indemnfication confid");
    // Synonyms' words, typo variants, completions of the last word.
    for (const word of ["nda", "disclosure", "agreement", "indemnification", "confidentiality", "confidential"]) expect(isMatch(word), word).toBe(true);
    for (const word of ["cap", "indemnity", "conf", "fidelity"]) expect(isMatch(word), word).toBe(false);
    expect(queryMatcher("confid ")("confidentiality")).toBe(false);
  });
});
