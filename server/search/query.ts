/**
 * What a query asks for, the same for both engines: quoted phrases, loose words, whether the last
 * word is still being typed, how many typos a word tolerates, and which words of a text count as
 * matches when it is highlighted.
 */
import { SEARCH_FUZZY_MIN_TERM_LENGTH, SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH, SEARCH_PREFIX_MIN_LENGTH } from "../config.ts";
import type { TermMatcher } from "./highlight.ts";
import { isStopWord, requiredMatches, withoutStopWords, wordKey } from "./analysis.ts";
import { ABBREVIATION_WORDS, expandSynonyms, iterateTokenSpans, tokenizeSearchText } from "./synonyms.ts";

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

/**
 * One loose part of a query: a word as typed, or a run of words that spells a synonym, with its
 * alternatives (the typed words first). `label` is what a hit that misses it says is missing.
 */
export type QueryTerm = { label: string; forms: string[][]; open: boolean };

/**
 * A query as both engines match it: the quoted phrases (all required), the loose terms without
 * stop words (unless the query holds only stop words), and how many of those a hit must match
 * (analysis.ts: requiredMatches).
 */
export type AnalyzedQuery = { phrases: string[][]; terms: QueryTerm[]; required: number };

/** Loose terms beyond this many are not matched (a 200-character query rarely has more). */
const QUERY_TERMS_MAX = 32;

export function analyzeQuery(q: string): AnalyzedQuery {
  const parsed = parseQuery(q);
  const clauses = expandSynonyms(parsed.words);
  const last = clauses.length - 1;
  const all: QueryTerm[] = clauses.map((forms, i) => ({
    label: forms[0]!.join(" "),
    forms,
    open: i === last && parsed.lastWordIsOpen && forms[0]!.length === 1,
  }));
  const isStop = (t: QueryTerm) => t.forms.length === 1 && t.forms[0]!.length === 1 && isStopWord(t.forms[0]![0]!);
  const content = all.filter((t) => !isStop(t));
  const onlyStopWords = content.length === 0 && parsed.phrases.length === 0;
  const terms = (onlyStopWords ? all : content).slice(0, QUERY_TERMS_MAX);
  return { phrases: parsed.phrases, terms, required: requiredMatches(terms.length) };
}

/** Typos allowed in a word: the rule of both engines (Meilisearch gets it as its typoTolerance settings); none in a known abbreviation. */
export const typosAllowed = (term: string): number =>
  ABBREVIATION_WORDS.has(term) ? 0 : term.length >= SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH ? 2 : term.length >= SEARCH_FUZZY_MIN_TERM_LENGTH ? 1 : 0;

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
 * The words of a text a query matched, by the engines' own rules: a word sharing a query word's key
 * (analysis.ts) or a synonym word's, a word within the allowed typos of a query word, or a
 * completion of the last word typed; stop words are not matched unless the query is only those.
 * For an engine that does not say which words it matched cheaply (Meilisearch's highlighter
 * costs more than the search itself on long bodies). `termMatcher` gives one per query term, to
 * say which terms a hit missed; given those, they are reused with what they have decided.
 */
export function analyzedQueryMatcher(analyzed: AnalyzedQuery, termMatchers: TermMatcher[] = analyzed.terms.map(termMatcher)): TermMatcher {
  const matchers = [...termMatchers, ...analyzed.phrases.map((p) => termMatcher({ label: "", forms: p.map((w) => [w]), open: false }))];
  return (term) => matchers.some((m) => m(term));
}

/** Whether a word of a text matches this query term (see analyzedQueryMatcher). */
export function termMatcher(term: QueryTerm): TermMatcher {
  const keys = new Set(withoutStopWords(term.forms.flat()).map(wordKey));
  const fuzzy = term.forms.filter((f) => f.length === 1 && typosAllowed(f[0]!) > 0).map((f) => f[0]!);
  const open = term.open ? term.forms[0]![0]! : null;
  const prefix = open && open.length >= SEARCH_PREFIX_MIN_LENGTH ? open : null;
  // A text repeats its words, and hits share theirs: each distinct word is decided once.
  const decided = new Map<string, boolean>();
  return (word) => {
    let match = decided.get(word);
    if (match === undefined) {
      match =
        keys.has(wordKey(word)) ||
        (prefix !== null && word.startsWith(prefix)) ||
        fuzzy.some((w) => boundedEditDistance(word, w, typosAllowed(w)) <= typosAllowed(w));
      decided.set(word, match);
    }
    return match;
  };
}

/** Words a "did you mean" may correct: the loose single words of a query, as typed (stop words and phrases stay). */
export function correctableWords(q: string): string[] {
  return analyzeQuery(q)
    .terms.filter((t) => t.forms[0]!.length === 1)
    .map((t) => t.forms[0]![0]!);
}

/** The query with words replaced (in normal form → replacement), the rest as typed; null when nothing was replaced. */
export function rewriteQuery(q: string, replacements: Map<string, string>): string | null {
  if (replacements.size === 0) return null;
  let out = "";
  let at = 0;
  for (const span of iterateTokenSpans(q)) {
    const replacement = replacements.get(span.term);
    if (replacement === undefined) continue;
    out += q.slice(at, span.start) + replacement;
    at = span.end;
  }
  return out + q.slice(at);
}
