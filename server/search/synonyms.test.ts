import { describe, expect, test } from "vitest";
import { expandSynonyms, tokenizeSearchText, tokenSpans } from "./synonyms.ts";

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

  test("an abbreviation expands to its group; a long form is recognised as one clause", () => {
    expect(expandSynonyms(["lol", "cap"])).toEqual([[["lol"], ["limitation", "of", "liability"]], [["cap"]]]);
    expect(expandSynonyms(["limitation", "of", "liability"])).toEqual([[["lol"], ["limitation", "of", "liability"]]]);
  });
});
