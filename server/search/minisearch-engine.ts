/**
 * The embedded search engine: MiniSearch in the server process, persisted to the data folder.
 * Implements the SearchEngine contract (engine.ts, proven by engine.contract.ts) with typo
 * tolerance, search-as-you-type prefixes, "exact phrases", legal synonyms (synonyms.ts),
 * filters and the audience's visibility applied before paging, facet counts and <mark> highlights.
 */
import fs from "node:fs/promises";
import path from "node:path";
import MiniSearch, { type Options, type Query, type SearchOptions } from "minisearch";
import {
  SEARCH_FACET_VALUES_MAX,
  SEARCH_FUZZY_FRACTION,
  SEARCH_FUZZY_MIN_TERM_LENGTH,
  SEARCH_PAGE_SIZE_MAX,
  SEARCH_PERSIST_DEBOUNCE_MS,
} from "../config.ts";
import type { FacetName, SearchEngine, SearchHit, SearchQuery, SearchRecord, SearchResult } from "./engine.ts";
import { buildSnippet, hasMatch, highlightText, matchTerms, type TermMatcher } from "./highlight.ts";
import { expandSynonyms, tokenizeSearchText } from "./synonyms.ts";

/** Bump when the indexed fields, the tokenizer or the saved shape change: a saved index of another version is dropped and rebuilt. */
export const MINISEARCH_SCHEMA_VERSION = 1;

export const MINISEARCH_INDEX_FILE = path.join("search", "minisearch.json");

export type MiniSearchEngine = SearchEngine & {
  readonly name: "minisearch";
  /** True when init() found no usable saved index (none, another schema version, unreadable): the indexer should rebuild from the database. Reset by clear(). */
  needsRebuild(): boolean;
  /** Writes the index to the data folder now (no-op without a data folder or changes). */
  flush(): Promise<void>;
};

type SavedIndex = { version: number; savedAt: number; records: SearchRecord[]; index: unknown };

const FIELDS = ["title", "clauseName", "documentTitle", "headings", "clausePositions", "body"] as const;
type Field = (typeof FIELDS)[number];

/** Title and clause-name matches rank above body matches. */
const FIELD_BOOST: Record<Field, number> = {
  title: 5,
  clauseName: 4,
  documentTitle: 2,
  headings: 2,
  clausePositions: 1.5,
  body: 1,
};

/** Published above in review above drafts, for equal text. */
export const STATUS_RANK: Record<SearchRecord["status"], number> = { PUBLISHED: 3, IN_REVIEW: 2, DRAFT: 1, ARCHIVED: 0 };
const STATUS_BOOST: Record<SearchRecord["status"], number> = { PUBLISHED: 1.3, IN_REVIEW: 1.15, DRAFT: 1, ARCHIVED: 0.9 };

function fieldText(record: SearchRecord, field: Field): string {
  switch (field) {
    case "headings":
      return record.headings.join("\n");
    case "clausePositions":
      return record.clausePositions.map((p) => p.text).join("\n");
    case "clauseName":
      return record.clauseName ?? "";
    default:
      return record[field];
  }
}

const identity = (term: string) => term;

const MINISEARCH_OPTIONS: Options<SearchRecord> = {
  idField: "id",
  fields: [...FIELDS],
  storeFields: [],
  extractField: (doc, field) => (field === "id" ? doc.id : fieldText(doc, field as Field)),
  tokenize: tokenizeSearchText,
  processTerm: identity,
  searchOptions: { tokenize: tokenizeSearchText, processTerm: identity },
};

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

const fuzzyFor = (term: string): number | false =>
  term.length >= SEARCH_FUZZY_MIN_TERM_LENGTH ? SEARCH_FUZZY_FRACTION : false;

/** A combination of one query is that query: each level of nesting copies the result set. */
const single = (queries: Query[], combineWith: "AND" | "OR"): Query =>
  queries.length === 1 ? queries[0]! : { combineWith, queries };

/** Every clause must match (AND); a clause is its synonym forms (OR); a form is its words (AND). */
function buildQueryTree(parsed: ParsedQuery): Query {
  const clauses: Query[] = [];
  const expanded = expandSynonyms(parsed.words);
  expanded.forEach((forms, ci) => {
    const isLastClause = ci === expanded.length - 1 && parsed.lastWordIsOpen;
    const formQueries: Query[] = forms.map((form) =>
      single(
        form.map((term, ti): Query => ({
          queries: [term],
          fuzzy: fuzzyFor(term),
          prefix: isLastClause && ti === form.length - 1,
        })),
        "AND",
      ),
    );
    clauses.push(single(formQueries, "OR"));
  });
  for (const phrase of parsed.phrases) {
    clauses.push(single(phrase.map((term): Query => ({ queries: [term], fuzzy: false, prefix: false })), "AND"));
  }
  return single(clauses, "AND");
}

/** The audience's visibility (engine.ts: SearchAudience) and the query's filters, on one record. */
export function isVisibleTo(record: SearchRecord, query: Pick<SearchQuery, "audience" | "filters">): boolean {
  const { audience, filters } = query;
  if (audience.kind === "provider") {
    if (!audience.organizationIds.includes(record.organizationId)) return false;
    if (record.status === "ARCHIVED" && !filters.status?.includes("ARCHIVED")) return false;
    return true;
  }
  if (record.visibility !== "SHARED") return false;
  if (record.status !== "PUBLISHED" && record.status !== "IN_REVIEW") return false;
  return record.sharedWithOrganizationIds.some((o) => audience.organizationIds.includes(o));
}

const anyOf = <T>(wanted: readonly T[] | undefined, has: (v: T) => boolean) =>
  !wanted || wanted.length === 0 || wanted.some(has);

export function matchesFilters(record: SearchRecord, filters: SearchQuery["filters"]): boolean {
  return (
    anyOf(filters.kind, (k) => record.kind === k) &&
    anyOf(filters.practiceArea, (p) => record.practiceArea === p) &&
    anyOf(filters.jurisdiction, (j) => record.jurisdictions.includes(j)) &&
    anyOf(filters.tag, (t) => record.tags.includes(t)) &&
    anyOf(filters.status, (s) => record.status === s)
  );
}

const phraseTextCache = new WeakMap<SearchRecord, string[]>();

/** The exact phrase appears, word for word, inside one field. */
function containsPhrase(record: SearchRecord, phrase: string[]): boolean {
  let texts = phraseTextCache.get(record);
  if (!texts) {
    texts = [
      ...FIELDS.filter((f) => f !== "headings" && f !== "clausePositions").map((f) => fieldText(record, f)),
      ...record.headings,
      ...record.clausePositions.map((p) => p.text),
    ].map((t) => ` ${tokenizeSearchText(t).join(" ")} `);
    phraseTextCache.set(record, texts);
  }
  const needle = ` ${phrase.join(" ")} `;
  return texts.some((t) => t.includes(needle));
}

export function countFacets(records: SearchRecord[], names: FacetName[]): SearchResult["facets"] {
  const facets: SearchResult["facets"] = {};
  for (const name of names) {
    const counts = new Map<string, number>();
    const add = (v: string | null) => {
      if (v !== null && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
    };
    for (const r of records) {
      const value = r[name];
      if (Array.isArray(value)) new Set(value).forEach(add);
      else add(value);
    }
    facets[name] = Object.fromEntries(
      [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SEARCH_FACET_VALUES_MAX),
    );
  }
  return facets;
}

/** The body highlight: a snippet of the first field (body, clause positions, headings) with a match. */
export function buildHighlights(record: SearchRecord, isMatch: TermMatcher): SearchHit["highlights"] {
  const candidates = [record.body, ...record.clausePositions.map((p) => p.text), ...record.headings];
  const source = candidates.find((t) => t && hasMatch(t, isMatch)) ?? record.body;
  return { title: highlightText(record.title, isMatch), body: buildSnippet(source, isMatch) };
}

export function toHit(record: SearchRecord, highlights: SearchHit["highlights"], score: number | null): SearchHit {
  return {
    id: record.id,
    scope: record.scope,
    documentId: record.documentId,
    anchor: record.anchor,
    title: record.title,
    documentTitle: record.documentTitle,
    kind: record.kind,
    status: record.status,
    clauseName: record.clauseName,
    highlights,
    score,
  };
}

export const clampPaging = (page: number, limit: number) => ({
  page: Number.isFinite(page) ? Math.max(1, Math.floor(page)) : 1,
  limit: Number.isFinite(limit) ? Math.min(SEARCH_PAGE_SIZE_MAX, Math.max(1, Math.floor(limit))) : 20,
});

export function createMiniSearchEngine(options: { dataDir?: string; persistDebounceMs?: number } = {}): MiniSearchEngine {
  const file = options.dataDir ? path.join(options.dataDir, MINISEARCH_INDEX_FILE) : null;
  const debounceMs = options.persistDebounceMs ?? SEARCH_PERSIST_DEBOUNCE_MS;
  let index = new MiniSearch<SearchRecord>(MINISEARCH_OPTIONS);
  const records = new Map<string, SearchRecord>();
  const idsByDocument = new Map<string, Set<string>>();
  let rebuild = true;
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  let saving: Promise<void> = Promise.resolve();

  const boostDocument: SearchOptions["boostDocument"] = (id) => {
    const r = records.get(String(id));
    return r ? STATUS_BOOST[r.status] : 1;
  };

  function remove(id: string) {
    const existing = records.get(id);
    if (!existing) return;
    index.discard(id);
    records.delete(id);
    const ids = idsByDocument.get(existing.documentId);
    ids?.delete(id);
    if (ids && ids.size === 0) idsByDocument.delete(existing.documentId);
  }

  function add(record: SearchRecord) {
    remove(record.id);
    index.add(record);
    records.set(record.id, record);
    let ids = idsByDocument.get(record.documentId);
    if (!ids) idsByDocument.set(record.documentId, (ids = new Set()));
    ids.add(record.id);
  }

  function removeDocument(documentId: string) {
    for (const id of [...(idsByDocument.get(documentId) ?? [])]) remove(id);
  }

  function changed() {
    dirty = true;
    if (!file) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void flush().catch((error: unknown) => console.warn("search: could not save the embedded index", error));
    }, debounceMs);
    timer.unref();
  }

  async function save(target: string) {
    const saved: SavedIndex = { version: MINISEARCH_SCHEMA_VERSION, savedAt: Date.now(), records: [...records.values()], index: index.toJSON() };
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fs.writeFile(tmp, JSON.stringify(saved));
      await fs.rename(tmp, target);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }

  async function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!file || !dirty) return saving;
    dirty = false;
    saving = saving.then(() => save(file)).catch((error: unknown) => {
      dirty = true;
      throw error;
    });
    return saving;
  }

  async function load(source: string): Promise<boolean> {
    let text: string;
    try {
      text = await fs.readFile(source, "utf8");
    } catch {
      return false;
    }
    try {
      const saved = JSON.parse(text) as SavedIndex;
      if (saved.version !== MINISEARCH_SCHEMA_VERSION || !Array.isArray(saved.records)) return false;
      index = MiniSearch.loadJS(saved.index as Parameters<typeof MiniSearch.loadJS>[0], MINISEARCH_OPTIONS);
      records.clear();
      idsByDocument.clear();
      for (const r of saved.records) {
        records.set(r.id, r);
        let ids = idsByDocument.get(r.documentId);
        if (!ids) idsByDocument.set(r.documentId, (ids = new Set()));
        ids.add(r.id);
      }
      return true;
    } catch (error) {
      console.warn(`search: the saved embedded index ${source} is unreadable; it will be rebuilt`, error);
      index = new MiniSearch<SearchRecord>(MINISEARCH_OPTIONS);
      records.clear();
      idsByDocument.clear();
      return false;
    }
  }

  return {
    name: "minisearch",

    async init() {
      rebuild = !(file && (await load(file)));
    },

    needsRebuild: () => rebuild,

    flush,

    async upsert(batch) {
      for (const r of batch) add(r);
      if (batch.length > 0) changed();
    },

    async deleteDocument(documentId) {
      removeDocument(documentId);
      changed();
    },

    async replaceDocument(documentId, batch) {
      const stranger = batch.find((r) => r.documentId !== documentId);
      if (stranger) throw new Error(`replaceDocument(${documentId}): record ${stranger.id} belongs to ${stranger.documentId}`);
      // Synchronous between the two: no search sees the document half replaced.
      removeDocument(documentId);
      for (const r of batch) add(r);
      changed();
    },

    async search(query) {
      const started = performance.now();
      const { page, limit } = clampPaging(query.page, query.limit);
      const parsed = parseQuery(query.q);
      const accept = (r: SearchRecord | undefined): r is SearchRecord =>
        r !== undefined &&
        r.scope === query.scope &&
        isVisibleTo(r, query) &&
        matchesFilters(r, query.filters) &&
        parsed.phrases.every((p) => containsPhrase(r, p));

      let matched: { record: SearchRecord; score: number | null; terms: string[] }[];
      if (parsed.words.length === 0 && parsed.phrases.length === 0) {
        matched = [...records.values()]
          .filter(accept)
          .sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || b.updatedAt - a.updatedAt)
          .map((record) => ({ record, score: null, terms: [] }));
      } else {
        // A multi-word synonym form counts only as a phrase ("lol" must not find "liability … limitation of").
        const synonymClauses = expandSynonyms(parsed.words).filter((forms) => forms.some((f) => f.length > 1));
        const results = index.search(buildQueryTree(parsed), {
          boost: FIELD_BOOST,
          boostDocument,
          filter: (result) => {
            const r = records.get(String(result.id));
            if (!accept(r)) return false;
            return synonymClauses.every((forms) =>
              forms.some((f) => (f.length === 1 ? result.queryTerms.includes(f[0]!) : containsPhrase(r, f))),
            );
          },
        });
        matched = results.map((r) => ({ record: records.get(String(r.id))!, score: r.score, terms: r.terms }));
      }

      const facets = countFacets(
        matched.map((m) => m.record),
        query.facets,
      );
      const hits = matched.slice((page - 1) * limit, page * limit).map(({ record, score, terms }) => {
        const isMatch = matchTerms([...terms, ...parsed.phrases.flat()]);
        return toHit(record, buildHighlights(record, isMatch), score);
      });
      return { hits, total: matched.length, page, limit, facets, tookMs: performance.now() - started };
    },

    async clear() {
      index.removeAll();
      records.clear();
      idsByDocument.clear();
      rebuild = false;
      changed();
    },

    async count() {
      return records.size;
    },

    async health() {
      return { ok: true, detail: `${records.size} records in process` };
    },

    async close() {
      await flush();
    },
  };
}
