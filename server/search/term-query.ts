/**
 * Evaluates an analysed query (query.ts) on a TermIndex (term-index.ts): every `must` clause (a
 * quoted phrase) matches, and at least `required` of the others (partial matching; all of them
 * when `required` is their number, the fast path); a clause is its synonym forms (OR); a one-word
 * form matches the indexed words of its word key (analysis.ts: "terminate" reaches "termination"),
 * its typo variants and, as the last word typed, its completions; a several-word form (a quoted
 * phrase, or a synonym such as "limitation of liability" for "LoL") matches only the exact words
 * in order. Each slot's mask says which of the first 32 clauses it matched.
 *
 * Scores are BM25F: the posting's precomputed weight × the term's idf × how the term was reached
 * (exact 1, completion and typo less, as MiniSearch weighs them).
 */
import { SEARCH_PREFIX_MIN_LENGTH } from "../config.ts";
import { wordKey } from "./analysis.ts";
import type { TermEntry, TermIndex } from "./term-index.ts";

const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Another word of the same key ("termination" for "terminate"): below the word as typed, above a typo. */
const KEY_WEIGHT = 0.8;

/** One clause of the query: alternatives, any of which satisfies it; `must`: required whatever `required` says. */
export type QueryClause = { forms: QueryForm[]; must?: boolean };
export type QueryForm =
  | { kind: "word"; term: string; typos: number; prefix: boolean }
  | { kind: "phrase"; terms: string[] };

export type TermQueryResult = {
  /** Matching slots that `accept` let through, in no particular order. */
  slots: number[];
  /** Scores by slot (scratch: valid until the next query). */
  scores: Float64Array;
  /** Every indexed term the query reached (typo variants and completions included), for highlighting. */
  reachedTerms: string[];
  /** Per slot, bit i set when it matched clause i (scratch). */
  masks: Uint32Array;
};

type Expansion = { entry: TermEntry; weight: number };

function expandWord<T>(index: TermIndex<T>, form: Extract<QueryForm, { kind: "word" }>, reached: Set<string>): Expansion[] {
  const out: Expansion[] = [];
  const seen = new Set<string>();
  const push = (term: string, entry: TermEntry, weight: number) => {
    if (seen.has(term)) return;
    seen.add(term);
    reached.add(term);
    out.push({ entry, weight });
  };
  const exact = index.terms.get(form.term);
  if (exact) push(form.term, exact, 1);
  for (const word of index.wordsOfKey(wordKey(form.term))) {
    const entry = index.terms.get(word);
    if (entry) push(word, entry, KEY_WEIGHT);
  }
  if (form.prefix && form.term.length >= SEARCH_PREFIX_MIN_LENGTH) {
    for (const [term, entry] of index.terms.atPrefix(form.term)) {
      const distance = term.length - form.term.length;
      push(term, entry, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
    }
  }
  if (form.typos > 0) {
    for (const [term, [entry, distance]] of index.terms.fuzzyGet(form.term, form.typos)) {
      push(term, entry, (FUZZY_WEIGHT * term.length) / (term.length + distance));
    }
  }
  return out;
}

/** Scratch arrays reused across queries: a generation stamp says which entries are this query's. */
export class QueryScratch {
  stamp = new Int32Array(0);
  matched = new Uint8Array(0);
  scores = new Float64Array(0);
  masks = new Uint32Array(0);
  private generation = 0;

  begin(slots: number): number {
    if (this.stamp.length < slots) {
      const size = Math.max(slots, this.stamp.length * 2, 1024);
      this.stamp = new Int32Array(size);
      this.matched = new Uint8Array(size);
      this.scores = new Float64Array(size);
      this.masks = new Uint32Array(size);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

function allMatch<T>(index: TermIndex<T>, clauses: QueryClause[], accept: (item: T) => boolean, scratch: QueryScratch): TermQueryResult {
  const reached = new Set<string>();
  const gen = scratch.begin(index.slotCount);
  const { stamp, matched, scores, masks } = scratch;
  const touched: number[] = [];
  // Each clause's postings, looked up once: the clause with the fewest postings goes first, so
  // it seeds the smallest candidate set and the others only check stamps. Phrases go last
  // whatever their size: they are checked word by word, so they should see few candidates.
  const ordered = clauses
    .map((clause) => {
      const forms = clause.forms.map((form) => {
        if (form.kind === "word") {
          const expansions = expandWord(index, form, reached);
          return { kind: "word" as const, expansions, size: expansions.reduce((n, e) => n + e.entry.length, 0) };
        }
        const entries = form.terms.map((t) => index.terms.get(t));
        const present = entries.every((e) => e !== undefined) ? (entries as TermEntry[]) : null;
        if (present) for (const t of form.terms) reached.add(t);
        return { kind: "phrase" as const, entries: present, size: present ? Math.min(...present.map((e) => e.length)) : 0 };
      });
      return { forms, size: forms.reduce((n, f) => n + f.size, 0), phrasesOnly: forms.every((f) => f.kind === "phrase") };
    })
    .sort((a, b) => Number(a.phrasesOnly) - Number(b.phrasesOnly) || a.size - b.size);
  // A clause nothing can satisfy: no result, whatever the others match.
  if (ordered.some((c) => c.size === 0)) return { slots: [], scores, reachedTerms: [...reached], masks };

  ordered.forEach((clause, i) => {
    // A slot counts toward clause i only when it matched clauses 0…i-1 (matched === i).
    const hit = (slot: number, score: number) => {
      if (i === 0) {
        if (stamp[slot] !== gen) {
          stamp[slot] = gen;
          matched[slot] = 0;
          scores[slot] = 0;
          touched.push(slot);
        }
      } else if (stamp[slot] !== gen || matched[slot]! < i) return;
      if (matched[slot] === i) matched[slot] = i + 1;
      scores[slot] = scores[slot]! + score;
    };
    for (const form of clause.forms) {
      if (form.kind === "word") {
        // Dead slots are not skipped here (that would cost a lookup per posting): they never
        // reach the result, since the final pass reads each slot's item.
        for (const { entry, weight } of form.expansions) {
          const factor = weight * index.idf(entry);
          const { slots, weights, length } = entry;
          if (i === 0) {
            for (let p = 0; p < length; p++) {
              const slot = slots[p]!;
              if (stamp[slot] !== gen) {
                stamp[slot] = gen;
                matched[slot] = 1;
                scores[slot] = weights[p]! * factor;
                touched.push(slot);
              } else scores[slot] = scores[slot]! + weights[p]! * factor;
            }
          } else {
            for (let p = 0; p < length; p++) {
              const slot = slots[p]!;
              if (stamp[slot] === gen && matched[slot]! >= i) hit(slot, weights[p]! * factor);
            }
          }
        }
        continue;
      }
      if (!form.entries) continue;
      const present = form.entries;
      // Candidates from the rarest word; the token sequence confirms the words are adjacent.
      const rarest = present.reduce((a, b) => (b.length < a.length ? b : a));
      const ids = present.map((e) => e.id);
      const factor = present.reduce((sum, e) => sum + index.idf(e), 0);
      for (let p = 0; p < rarest.length; p++) {
        const slot = rarest.slots[p]!;
        if (i > 0 && (stamp[slot] !== gen || matched[slot]! < i)) continue;
        // Already satisfied by another form of this clause: the word-by-word check can be spared.
        if (stamp[slot] === gen && matched[slot]! > i) continue;
        if (index.containsSequence(slot, ids)) hit(slot, rarest.weights[p]! * factor);
      }
    }
  });

  const wanted = ordered.length;
  const slots: number[] = [];
  for (const slot of touched) {
    if (matched[slot] !== wanted) continue;
    const item = index.get(slot);
    if (item !== undefined && accept(item)) {
      masks[slot] = 0xffffffff;
      slots.push(slot);
    }
  }
  return { slots, scores, reachedTerms: [...reached], masks };
}

export function runTermQuery<T>(
  index: TermIndex<T>,
  clauses: QueryClause[],
  required: number,
  accept: (item: T) => boolean,
  scratch: QueryScratch,
): TermQueryResult {
  const optional = clauses.filter((c) => !c.must);
  if (required >= optional.length) return allMatch(index, clauses, accept, scratch);
  return someMatch(index, clauses, required, accept, scratch);
}

/**
 * Partial matching: the union of the optional clauses' postings, kept where at least `required`
 * of them matched (and every `must` clause). Slower than allMatch on common words, so only
 * queries of three words or more come here.
 */
function someMatch<T>(index: TermIndex<T>, clauses: QueryClause[], required: number, accept: (item: T) => boolean, scratch: QueryScratch): TermQueryResult {
  const reached = new Set<string>();
  const gen = scratch.begin(index.slotCount);
  const { stamp, matched, scores, masks } = scratch;
  const touched: number[] = [];
  const visit = (slot: number, bit: number, score: number) => {
    if (stamp[slot] !== gen) {
      stamp[slot] = gen;
      matched[slot] = 0;
      masks[slot] = 0;
      scores[slot] = 0;
      touched.push(slot);
    }
    if ((masks[slot]! & bit) === 0) {
      masks[slot] = masks[slot]! | bit;
      matched[slot] = matched[slot]! + 1;
    }
    scores[slot] = scores[slot]! + score;
  };
  let mustMask = 0;
  let mustCount = 0;
  clauses.forEach((clause, ci) => {
    const bit = ci < 32 ? 1 << ci : 0;
    if (clause.must) {
      mustMask |= bit;
      mustCount++;
    }
    for (const form of clause.forms) {
      if (form.kind === "word") {
        for (const { entry, weight } of expandWord(index, form, reached)) {
          const factor = weight * index.idf(entry);
          for (let p = 0; p < entry.length; p++) visit(entry.slots[p]!, bit, entry.weights[p]! * factor);
        }
        continue;
      }
      const entries = form.terms.map((t) => index.terms.get(t));
      if (!entries.every((e) => e !== undefined)) continue;
      const present = entries as TermEntry[];
      for (const t of form.terms) reached.add(t);
      const rarest = present.reduce((a, b) => (b.length < a.length ? b : a));
      const ids = present.map((e) => e.id);
      const factor = present.reduce((sum, e) => sum + index.idf(e), 0);
      for (let p = 0; p < rarest.length; p++) {
        const slot = rarest.slots[p]!;
        if (index.containsSequence(slot, ids)) visit(slot, bit, rarest.weights[p]! * factor);
      }
    }
  });
  const slots: number[] = [];
  for (const slot of touched) {
    if ((masks[slot]! & mustMask) !== mustMask || matched[slot]! - mustCount < required) continue;
    const item = index.get(slot);
    if (item !== undefined && accept(item)) slots.push(slot);
  }
  return { slots, scores, reachedTerms: [...reached], masks };
}
