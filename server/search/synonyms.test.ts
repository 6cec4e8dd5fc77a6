import { describe, expect, test } from "vitest";
import { ABBREVIATION_WORDS, expandSynonyms, LEGAL_SYNONYM_GROUPS, meilisearchSynonyms, tokenizeSearchText, tokenSpans } from "./synonyms.ts";
import { requiredMatches, wordKey } from "./analysis.ts";
import { analyzeQuery } from "./query.ts";

describe("search text", () => {
  test("words in normal form: case, accents and curly quotes folded; & and apostrophes kept inside a word", () => {
    expect(tokenizeSearchText("Non-disclosure T&Cs — Shareholders’ Größe")).toEqual(["non", "disclosure", "t&cs", "shareholders", "große"]);
  });

  test("spans point into the original text, the same words on the ASCII fast path and the Unicode one", () => {
    const ascii = "The supplier's T&Cs cap liability.";
    expect(tokenSpans(ascii).map((s) => [s.term, ascii.slice(s.start, s.end)])).toEqual([
      ["the", "The"],
      ["supplier's", "supplier's"],
      ["t&cs", "T&Cs"],
      ["cap", "cap"],
      ["liability", "liability"],
    ]);
    const unicode = "The supplier’s T&Cs cap Haftung für Schäden.";
    expect(tokenSpans(unicode).map((s) => [s.term, unicode.slice(s.start, s.end)])).toEqual([
      ["the", "The"],
      ["supplier's", "supplier’s"],
      ["t&cs", "T&Cs"],
      ["cap", "cap"],
      ["haftung", "Haftung"],
      ["fur", "für"],
      ["schaden", "Schäden"],
    ]);
  });

  test("an abbreviation expands to its group, the words as typed first; a long form is recognised as one clause", () => {
    expect(expandSynonyms(["lol", "cap"])).toEqual([[["lol"], ["limitation", "of", "liability"]], [["cap"]]]);
    expect(expandSynonyms(["limitation", "of", "liability"])).toEqual([[["limitation", "of", "liability"], ["lol"]]]);
  });

  test("members are compared by word key: plurals, UK/US spellings and word families find their group", () => {
    expect(expandSynonyms(["slas"])).toEqual([[["slas"], ["sla"], ["service", "level", "agreement"], ["service", "levels"], ["service", "level"]]]);
    expect(expandSynonyms(["licences"])).toEqual([[["licences"], ["licence"], ["license"]]]);
    expect(expandSynonyms(["indemnify"])).toEqual([[["indemnify"], ["indemnity"], ["indemnification"]]]);
  });

  test("the list is documented and one-file: every abbreviation group has a long form, spelling pairs go both ways", () => {
    for (const group of LEGAL_SYNONYM_GROUPS) expect(group.length).toBeGreaterThan(1);
    const synonyms = meilisearchSynonyms();
    expect(synonyms["licenc"]).toContain("licens");
    expect(synonyms["licens"]).toContain("licenc");
    expect(synonyms["tupe"]).toContain("transfer of undertak");
    expect(ABBREVIATION_WORDS.has("tupe")).toBe(true);
  });
});

describe("word analysis", () => {
  test("word forms share a key; -ise and -ize spellings too", () => {
    expect(wordKey("terminate")).toBe(wordKey("termination"));
    expect(wordKey("organisation")).toBe(wordKey("organization"));
    expect(wordKey("anonymised")).toBe(wordKey("anonymized"));
    expect(wordKey("24")).toBe("24");
  });

  test("a query drops stop words unless it is nothing else, and needs most of its words, not all", () => {
    const asked = analyzeQuery("how quickly must a processor report a data breach");
    expect(asked.terms.map((t) => t.label)).toEqual(["quickly", "processor", "report", "data", "breach"]);
    expect(asked.required).toBe(4);
    expect(analyzeQuery("what is it").terms.map((t) => t.label)).toEqual(["what", "is", "it"]);
    expect(analyzeQuery("limitation of liability").terms.map((t) => t.label)).toEqual(["limitation of liability"]);
    expect(requiredMatches(2)).toBe(2);
  });
});
