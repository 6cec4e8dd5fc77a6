/**
 * Word analysis shared by both engines, so they match the same words: every word has a key, its
 * English stem (Porter, the `stemmer` package) after UK spellings in -ise/-isation/-yse are folded
 * to -ize/-ization/-yze. Two words match when their keys are equal: "terminate", "terminated" and
 * "termination" share "termin"; "organisation" and "organization" share "organ".
 *
 * MiniSearch indexes the words as written and expands a query word to the indexed words of its key
 * (term-index.ts keeps key → words); Meilisearch, which has no stemming, indexes each field's keys
 * beside its text and is asked for keys (meilisearch-engine.ts). ADR 038 says why.
 */
import { stemmer } from "stemmer";
import { STOP_WORDS } from "./stop-words.ts";

const keys = new Map<string, string>();
/** Keys remembered: the vocabulary of a library is a few tens of thousands of words. */
const KEY_CACHE_MAX = 200_000;

/** -ise, -ised, -ising, -isation(s), -iser(s) → -ize…; -yse(d) → -yze(d) (analyse/analyze). */
const UK_ISE = /^(\p{L}{3,})is(e|es|ed|ing|er|ers|ation|ations)$/u;
const UK_YSE = /^(\p{L}{3,})ys(e|es|ed|ing)$/u;

/** The key two words must share to match (see the file's header). Words that are not letters stay as they are. */
export function wordKey(word: string): string {
  let key = keys.get(word);
  if (key !== undefined) return key;
  if (!/^\p{L}+$/u.test(word) || word.length < 3) key = word;
  else key = stemmer(word.replace(UK_ISE, "$1iz$2").replace(UK_YSE, "$1yz$2"));
  if (keys.size >= KEY_CACHE_MAX) keys.clear();
  keys.set(word, key);
  return key;
}

export const isStopWord = (word: string): boolean => STOP_WORDS.has(word);

/** The words that are not stop words, or all of them when every one is (nothing is highlighted twice over). */
export function withoutStopWords(words: string[]): string[] {
  const meaningful = words.filter((w) => !isStopWord(w));
  return meaningful.length > 0 ? meaningful : words;
}

/**
 * How many of a query's n content words a hit must match (partial matching): all of one or two
 * words; one may be missing from three to five; two from six to eight; and so on (a third).
 */
export const requiredMatches = (n: number): number => (n <= 2 ? n : n - Math.floor(n / 3));
