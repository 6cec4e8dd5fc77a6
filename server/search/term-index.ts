/**
 * The embedded engine's inverted index: MiniSearch's radix tree (SearchableMap) as the term
 * dictionary, for exact, prefix and typo lookups; posting lists of our own in typed arrays.
 *
 * Why not MiniSearch's own scorer: it scores every field of every posting through Maps and
 * allocates a result object per matching document: `bench:search` printed p50 24 ms for a
 * common word at 2,000 documents with it (ADR 008). Here a posting is one slot number and one
 * precomputed BM25F weight (field boosts and length normalisation folded in at indexing), so a
 * query touches two typed arrays per term and allocates per query, not per match.
 *
 * Records are numbered by slot. Removing one marks its slot dead; postings keep the dead entry
 * until compaction, which drops them once they are a large share of the total.
 */
import SearchableMap from "minisearch/SearchableMap";

export type TermEntry = { id: number; slots: Int32Array; weights: Float32Array; length: number };

/** BM25 parameters, tuned on the judged set (ADR 038): less length normalisation and later saturation than MiniSearch's defaults (1.2, 0.7), so a document that keeps returning to a subject outranks a short one that names it once. */
export const K1 = 2;
const B = 0.4;
/** A term's postings grow by doubling from this size. */
const INITIAL_POSTINGS = 4;
/** Compact when dead postings exceed this share of all postings (and this many). */
const COMPACT_DEAD_SHARE = 0.3;
const COMPACT_MIN_DEAD = 50_000;

/** One indexed field: its texts (a phrase never spans two of them) and its boost. */
export type FieldText = { texts: string[]; boost: number };

/** Marks the gap between two texts in a token sequence. */
const GAP = -1;

const pairHash = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ b) >>> 0;

function hasSorted(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class TermIndex<T> {
  readonly terms = new SearchableMap<TermEntry>();
  private items: (T | undefined)[] = [];
  /** Per slot: the record's text as term ids, for phrase checks (about 4 bytes per word). */
  private sequences: (Int32Array | undefined)[] = [];
  /** Per slot: hashes of adjacent term pairs, sorted, so most phrase candidates are turned down by a binary search. */
  private pairs: (Uint32Array | undefined)[] = [];
  private postingCounts: number[] = [];
  private nextTermId = 0;
  private slotByKey = new Map<string, number>();
  private aliveCount = 0;
  private postingsTotal = 0;
  private postingsDead = 0;
  /** Running average token count per field position (fields are indexed in a fixed order). */
  private fieldTokens: number[] = [];
  private fieldDocs: number[] = [];

  /** Word key → the indexed words of that key (analysis.ts): a query word reaches them all. Words are never dropped (one that left the index has no postings). */
  private readonly wordsByKey = new Map<string, string[]>();

  constructor(
    private readonly tokenize: (text: string) => string[],
    private readonly keyOf: (term: string) => string = (term) => term,
  ) {}

  /** The indexed words sharing this word key. */
  wordsOfKey(key: string): readonly string[] {
    return this.wordsByKey.get(key) ?? [];
  }

  /** Slots handed out so far, dead ones included: the bound of every slot number. */
  get slotCount(): number {
    return this.items.length;
  }

  get(slot: number): T | undefined {
    return this.items[slot];
  }

  /** Adds (or replaces) the item under `key`; fields in a fixed order, each with its boost. Returns its new slot. */
  add(key: string, item: T, fields: FieldText[]): number {
    this.remove(key);
    const slot = this.items.length;
    this.items.push(item);
    this.slotByKey.set(key, slot);
    this.aliveCount++;

    const weighted = new Map<string, number>();
    const sequence: string[][] = [];
    fields.forEach(({ texts, boost }, f) => {
      const perText = texts.map((t) => this.tokenize(t));
      sequence.push(...perText);
      const tokens = perText.flat();
      this.fieldTokens[f] = (this.fieldTokens[f] ?? 0) + tokens.length;
      this.fieldDocs[f] = (this.fieldDocs[f] ?? 0) + 1;
      if (tokens.length === 0) return;
      const average = this.fieldTokens[f]! / this.fieldDocs[f]!;
      const norm = 1 - B + B * (tokens.length / Math.max(1, average));
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      // BM25F: field-boosted, length-normalised term frequencies summed before saturation.
      for (const [t, tf] of counts) weighted.set(t, (weighted.get(t) ?? 0) + (boost * tf) / norm);
    });
    const termIds = new Map<string, number>();
    for (const [term, wtf] of weighted) {
      let entry = this.terms.get(term);
      if (!entry) {
        entry = { id: this.nextTermId++, slots: new Int32Array(INITIAL_POSTINGS), weights: new Float32Array(INITIAL_POSTINGS), length: 0 };
        this.terms.set(term, entry);
        const key = this.keyOf(term);
        const words = this.wordsByKey.get(key);
        if (!words) this.wordsByKey.set(key, [term]);
        else if (!words.includes(term)) words.push(term);
      }
      if (entry.length === entry.slots.length) {
        const slots = new Int32Array(entry.slots.length * 2);
        slots.set(entry.slots);
        const weights = new Float32Array(entry.weights.length * 2);
        weights.set(entry.weights);
        entry.slots = slots;
        entry.weights = weights;
      }
      entry.slots[entry.length] = slot;
      entry.weights[entry.length] = (wtf * (K1 + 1)) / (wtf + K1);
      entry.length++;
      termIds.set(term, entry.id);
    }
    this.postingCounts[slot] = weighted.size;
    this.postingsTotal += weighted.size;
    const ids = new Int32Array(sequence.reduce((n, tokens) => n + tokens.length + 1, 0));
    let at = 0;
    for (const tokens of sequence) {
      for (const t of tokens) ids[at++] = termIds.get(t)!;
      ids[at++] = GAP;
    }
    this.sequences[slot] = ids;
    const pairs: number[] = [];
    for (let i = 0; i + 1 < ids.length; i++) if (ids[i] !== GAP && ids[i + 1] !== GAP) pairs.push(pairHash(ids[i]!, ids[i + 1]!));
    this.pairs[slot] = Uint32Array.from(pairs).sort();
    return slot;
  }

  /** True when the item's text holds these terms in this order, inside one text. */
  containsSequence(slot: number, termIds: readonly number[]): boolean {
    const seq = this.sequences[slot];
    if (!seq || termIds.length === 0) return false;
    const pairs = this.pairs[slot]!;
    for (let j = 0; j + 1 < termIds.length; j++) if (!hasSorted(pairs, pairHash(termIds[j]!, termIds[j + 1]!))) return false;
    const first = termIds[0]!;
    const last = seq.length - termIds.length;
    outer: for (let i = 0; i <= last; i++) {
      if (seq[i] !== first) continue;
      for (let j = 1; j < termIds.length; j++) if (seq[i + j] !== termIds[j]) continue outer;
      return true;
    }
    return false;
  }

  remove(key: string): void {
    const slot = this.slotByKey.get(key);
    if (slot === undefined) return;
    this.slotByKey.delete(key);
    this.items[slot] = undefined;
    this.aliveCount--;
    this.postingsDead += this.postingCounts[slot] ?? 0;
    this.postingCounts[slot] = 0;
    this.sequences[slot] = undefined;
    this.pairs[slot] = undefined;
    if (this.postingsDead > COMPACT_MIN_DEAD && this.postingsDead > this.postingsTotal * COMPACT_DEAD_SHARE) this.compact();
  }

  clear(): void {
    this.terms.clear();
    this.wordsByKey.clear();
    this.items = [];
    this.sequences = [];
    this.pairs = [];
    this.postingCounts = [];
    this.nextTermId = 0;
    this.slotByKey.clear();
    this.aliveCount = 0;
    this.postingsTotal = 0;
    this.postingsDead = 0;
    this.fieldTokens = [];
    this.fieldDocs = [];
  }

  /** Inverse document frequency of a posting list, over live items. */
  idf(entry: TermEntry): number {
    const df = Math.min(entry.length, Math.max(1, this.aliveCount));
    return Math.log(1 + (this.aliveCount - df + 0.5) / (df + 0.5));
  }


  /** Live items in slot order. */
  *entries(): IterableIterator<[number, T]> {
    for (let slot = 0; slot < this.items.length; slot++) {
      const item = this.items[slot];
      if (item !== undefined) yield [slot, item];
    }
  }

  /** Drops dead entries from every posting list; slots keep their numbers. */
  private compact(): void {
    const emptied: string[] = [];
    this.terms.forEach((term, entry) => {
      let w = 0;
      for (let r = 0; r < entry.length; r++) {
        const slot = entry.slots[r]!;
        if (this.items[slot] === undefined) continue;
        entry.slots[w] = slot;
        entry.weights[w] = entry.weights[r]!;
        w++;
      }
      entry.length = w;
      if (w === 0) emptied.push(term);
    });
    for (const term of emptied) this.terms.delete(term);
    this.postingsTotal -= this.postingsDead;
    this.postingsDead = 0;
  }
}
