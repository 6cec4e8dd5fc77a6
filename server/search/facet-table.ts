/**
 * Facet values of every indexed record, interned to small numbers per slot, so counting the
 * facets of ten thousand matches is a pass over typed arrays rather than ten thousand Map updates
 * keyed by strings.
 */
import { SEARCH_FACET_VALUES_MAX } from "../config.ts";
import { FACET_NAMES, type FacetName, type SearchRecord, type SearchResult } from "./engine.ts";

/** Each record's values of one facet; none, one or several (jurisdictions, tags). */
const valuesOf = (record: SearchRecord, name: FacetName): string[] => {
  const value = record[name];
  const list = Array.isArray(value) ? value : value === null ? [] : [value];
  return list.filter((v, i) => v !== "" && list.indexOf(v) === i);
};

class FacetColumn {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  /** Per slot: offsets into `codes` (slot s owns codes[starts[s] … starts[s + 1])). */
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private codes = new Int32Array(4096);
  private used = 0;

  set(slot: number, values: string[]): void {
    if (slot >= this.starts.length) {
      const size = Math.max(slot + 1, this.starts.length * 2);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(size);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    if (this.used + values.length > this.codes.length) {
      const codes = new Int32Array(Math.max(this.used + values.length, this.codes.length * 2));
      codes.set(this.codes);
      this.codes = codes;
    }
    this.starts[slot] = this.used;
    for (const v of values) {
      let id = this.ids.get(v);
      if (id === undefined) {
        id = this.values.length;
        this.ids.set(v, id);
        this.values.push(v);
      }
      this.codes[this.used++] = id;
    }
    this.ends[slot] = this.used;
  }

  count(slots: ArrayLike<number>): Record<string, number> {
    const counts = new Int32Array(this.values.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      for (let c = this.starts[slot]!; c < this.ends[slot]!; c++) counts[this.codes[c]!]!++;
    }
    const pairs: [string, number][] = [];
    counts.forEach((n, id) => {
      if (n > 0) pairs.push([this.values[id]!, n]);
    });
    return Object.fromEntries(pairs.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SEARCH_FACET_VALUES_MAX));
  }

  clear(): void {
    this.ids.clear();
    this.values.length = 0;
    this.used = 0;
  }
}

export class FacetTable {
  private readonly columns = new Map<FacetName, FacetColumn>(FACET_NAMES.map((n) => [n, new FacetColumn()]));

  /** Slots are never reused, so a record's codes are written once (term-index.ts). */
  set(slot: number, record: SearchRecord): void {
    for (const [name, column] of this.columns) column.set(slot, valuesOf(record, name));
  }

  count(slots: ArrayLike<number>, names: FacetName[]): SearchResult["facets"] {
    const facets: SearchResult["facets"] = {};
    for (const name of names) facets[name] = this.columns.get(name)!.count(slots);
    return facets;
  }

  clear(): void {
    for (const column of this.columns.values()) column.clear();
  }
}
