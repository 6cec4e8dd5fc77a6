/**
 * What a query asks for, the same for both engines: quoted phrases, loose words, whether the last
 * word is still being typed, how many typos a word tolerates, and which words of a text count as
 * matches when it is highlighted.
 */
import { SEARCH_FUZZY_MIN_TERM_LENGTH, SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH, SEARCH_PREFIX_MIN_LENGTH } from "../config.ts";
import type { TermMatcher } from "./highlight.ts";
import { expandSynonyms, tokenizeSearchText } from "./synonyms.ts";

/** A query split into quoted phrases and loose words, all in normal form. */
export type ParsedQuery = { phrases: string[][]; words: string[]; lastWordIsOpen: boolean };

/** `"limitation of liability" cap` → phrases [["limitation","of","liability"]], words ["cap"]. An unclosed quote counts as loose words. */
export function parseQuery(q: string): ParsedQuery {
  const phrases: string[][] = [];
  const rest: string[] = [];
  let lastWordIsOpen = false;
  const re = /"([^"]*)"/g;
  let at = 0;
  for (const m of q.matchAll(re)) {
    rest.push(q.slice(at, m.index));
    const tokens = tokenizeSearchText(m[1] ?? "");
    if (tokens.length > 0) phrases.push(tokens);
    at = m.index + m[0].length;
  }
  const tail = q.slice(at);
  rest.push(tail);
  const words = tokenizeSearchText(rest.join(" ").replace(/"/g, " "));
  // Search-as-you-type: the last word is a prefix unless the query ends with a space or a phrase.
  if (words.length > 0 && /[\p{L}\p{N}]$/u.test(tail)) lastWordIsOpen = true;
  return { phrases, words, lastWordIsOpen };
}

/** Typos allowed in a word: the rule of both engines (Meilisearch gets it as its typoTolerance settings). */
export const typosAllowed = (term: string): number =>
  term.length >= SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH ? 2 : term.length >= SEARCH_FUZZY_MIN_TERM_LENGTH ? 1 : 0;

/** Edit distance between a and b, or max + 1 as soon as it must exceed max. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The words of a text a query matched, by the engines' own rules: a query word or a synonym's
 * word, a word within the allowed typos of a query word, or a completion of the last word typed.
 * For an engine that does not say which words it matched cheaply (Meilisearch's highlighter
 * costs more than the search itself on long bodies).
 */
export function queryMatcher(q: string): TermMatcher {
  const parsed = parseQuery(q);
  const exact = new Set([...expandSynonyms(parsed.words).flat(2), ...parsed.phrases.flat()]);
  const fuzzy = parsed.words.filter((w) => typosAllowed(w) > 0);
  const open = parsed.lastWordIsOpen ? parsed.words[parsed.words.length - 1]! : null;
  const prefix = open && open.length >= SEARCH_PREFIX_MIN_LENGTH ? open : null;
  return (term) =>
    exact.has(term) ||
    (prefix !== null && term.startsWith(prefix)) ||
    fuzzy.some((w) => boundedEditDistance(term, w, typosAllowed(w)) <= typosAllowed(w));
}
