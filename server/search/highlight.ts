/**
 * Highlighting shared by both engines, so a hit looks the same whoever answers: everything is
 * HTML-escaped, matched words are wrapped in <mark>…</mark>, and a body becomes a snippet cropped
 * around its first match.
 */
import { SEARCH_SNIPPET_MAX_CHARS } from "../config.ts";
import { iterateTokenSpans, tokenSpans, type TokenSpan } from "./synonyms.ts";
import { escapeHtml } from "../http/escape-html.ts";

export const ELLIPSIS = "…";

/** Decides whether a word (in normal form, see `tokenizeSearchText`) is a match. */
export type TermMatcher = (term: string) => boolean;

export const matchTerms = (terms: Iterable<string>): TermMatcher => {
  const set = new Set(terms);
  return (term) => set.has(term);
};

/** The whole text, escaped, matched words marked. */
export function highlightText(text: string, isMatch: TermMatcher): string {
  return markRange(text, 0, text.length, isMatch);
}

function markRange(text: string, from: number, to: number, isMatch: TermMatcher): string {
  let out = "";
  let at = from;
  for (const span of tokenSpans(text.slice(from, to))) {
    const start = from + span.start;
    const end = from + span.end;
    if (!isMatch(span.term)) continue;
    out += escapeHtml(text.slice(at, start)) + "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
    at = end;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** Whether any word of the text matches. */
export function hasMatch(text: string, isMatch: TermMatcher): boolean {
  for (const s of iterateTokenSpans(text)) if (isMatch(s.term)) return true;
  return false;
}

function firstMatch(text: string, isMatch: TermMatcher): TokenSpan | undefined {
  for (const s of iterateTokenSpans(text)) if (isMatch(s.term)) return s;
  return undefined;
}

/**
 * A window of about `maxChars` characters around the first matched word (a third of it before the
 * match), cut at word boundaries, with "…" where text was cut; escaped and marked. Without a match:
 * the start of the text. A document body can be long, so only the text up to the match is read
 * word by word, and only the match's neighbourhood is cleaned and cut.
 */
export function buildSnippet(text: string, isMatch: TermMatcher, maxChars = SEARCH_SNIPPET_MAX_CHARS): string {
  const hit = firstMatch(text, isMatch);
  const from = hit ? Math.max(0, hit.start - maxChars) : 0;
  const to = Math.min(text.length, (hit?.end ?? 0) + 2 * maxChars);
  const cutBefore = from > 0 && /\S/.test(text.slice(0, from));
  const cutAfter = to < text.length && /\S/.test(text.slice(to));
  let clean = text.slice(from, to).replace(/\s+/g, " ");
  if (!cutBefore) clean = clean.trimStart();
  if (!cutAfter) clean = clean.trimEnd();
  if (!cutBefore && !cutAfter && clean.length <= maxChars) return highlightText(clean, isMatch);

  const first = firstMatch(clean, isMatch);
  let start = first ? Math.max(0, first.start - Math.floor(maxChars / 3)) : 0;
  let end = Math.min(clean.length, start + maxChars);
  if (end === clean.length) start = Math.max(0, end - maxChars);
  // The region may begin inside a word: never show that word's tail.
  if (cutBefore && start === 0) start = 1;
  const spans = tokenSpans(clean);
  // Move the cuts to word boundaries so no word is split.
  if (start > 0) {
    const next = spans.find((s) => s.start >= start);
    start = next ? next.start : start;
  }
  if (end < clean.length) {
    const last = [...spans].reverse().find((s) => s.end <= end && s.start >= start);
    end = last ? last.end : end;
  }
  const before = start > 0 || cutBefore ? ELLIPSIS : "";
  const after = end < clean.length || cutAfter ? ELLIPSIS : "";
  return before + markRange(clean, start, end, isMatch) + after;
}
