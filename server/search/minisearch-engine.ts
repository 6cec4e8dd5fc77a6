/**
 * The embedded search engine, in the server process and persisted to the data folder.
 * Implements the SearchEngine contract (engine.ts, proven by engine.contract.ts) with word forms
 * and stop words (analysis.ts), partial matching, typo tolerance, search-as-you-type prefixes,
 * "exact phrases", legal synonyms (synonyms.ts), "did you mean",
 * filters and the audience's visibility applied before paging, facet counts and <mark> highlights.
 * Terms live in MiniSearch's radix tree, postings in typed arrays of our own (term-index.ts,
 * ADR 008); one index per scope, so a documents query never walks the clauses' postings.
 */
import fs from "node:fs/promises";
import path from "node:path";
import {
  SEARCH_PAGE_SIZE_MAX,
  SEARCH_PERSIST_DEBOUNCE_MS,
  SEARCH_PERSIST_MAX_WAIT_MS,
} from "../config.ts";
import type { SearchEngine, SearchHit, SearchQuery, SearchRecord, SearchResult, SearchScope } from "./engine.ts";
import { buildSnippet, hasMatch, highlightText, matchTerms, type TermMatcher } from "./highlight.ts";
import { analyzeQuery, correctableWords, rewriteQuery, typosAllowed, type AnalyzedQuery } from "./query.ts";
import { withoutStopWords, wordKey } from "./analysis.ts";
import { tokenizeSearchText } from "./synonyms.ts";
import { FacetTable } from "./facet-table.ts";
import { selectTop } from "./select-top.ts";
import { TermIndex, type FieldText } from "./term-index.ts";
import type { Logger } from "../logger.ts";
import { QueryScratch, runTermQuery, type QueryClause } from "./term-query.ts";

/**
 * Bump when the indexed fields, the tokenizer or the saved shape change: a saved index of another
 * version is dropped and rebuilt. 3: records carry their client and confidentiality (ADR 013); a
 * version-2 index has no client field and would show client material as house knowledge.
 * 4: records say whether a version is published (clients find only published documents).
 * 5: a document record's headings carry its clause names (issue 18): older records rank without them.
 */
export const MINISEARCH_SCHEMA_VERSION = 5;

export const MINISEARCH_INDEX_FILE = path.join("search", "minisearch.json");

export type MiniSearchEngine = SearchEngine & {
  readonly name: "minisearch";
  /** True when init() found no usable saved index (none, another schema version, unreadable): the indexer should rebuild from the database. Reset by clear(). */
  needsRebuild(): boolean;
  /**
   * Writes the index to the data folder now (no-op without a data folder or changes). Rejects when
   * this save fails; the changes stay unsaved and the next save tries again.
   */
  flush(): Promise<void>;
};

const SCOPES: SearchScope[] = ["documents", "clauses"];
/** Records indexed between two turns of the event loop while a saved index loads. */
const LOAD_YIELD_EVERY = 500;

/** The records alone, indexed again at start: one saved format rather than records plus postings. */
type SavedIndex = { version: number; savedAt: number; records: SearchRecord[] };

/**
 * Three weighted fields. Nothing is indexed twice: a document's title is not repeated as its
 * document title, nor a clause's positions as its body.
 */
const FIELDS = ["title", "context", "body"] as const;
type Field = (typeof FIELDS)[number];

/** Title and clause-name matches rank above matches in headings, and those above body matches. */
export const FIELD_BOOST: Record<Field, number> = { title: 4, context: 1.5, body: 1 };

/** Published above in review above drafts, for equal text. */
export const STATUS_RANK: Record<SearchRecord["status"], number> = { PUBLISHED: 3, IN_REVIEW: 2, DRAFT: 1, ARCHIVED: 0 };
export const STATUS_BOOST: Record<SearchRecord["status"], number> = { PUBLISHED: 1.3, IN_REVIEW: 1.15, DRAFT: 1, ARCHIVED: 0.9 };

export function fieldTexts(record: SearchRecord): FieldText[] {
  const title = record.clauseName && record.clauseName !== record.title ? [record.title, record.clauseName] : [record.title];
  const context = record.documentTitle !== record.title ? [record.documentTitle, ...record.headings] : record.headings;
  // Derived clause sections already carry their positions' text in the body.
  const extra = record.clausePositions.filter((p) => !record.body.includes(p.text)).map((p) => p.text);
  return [
    { texts: title, boost: FIELD_BOOST.title },
    { texts: context, boost: FIELD_BOOST.context },
    { texts: [record.body, ...extra], boost: FIELD_BOOST.body },
  ];
}

/** A clause per loose term (its synonym forms; the last word typed is also a prefix), then one per quoted phrase, which must match. */
function buildClauses(analyzed: AnalyzedQuery): QueryClause[] {
  const clauses: QueryClause[] = analyzed.terms.map((term) => ({
    forms: term.forms.map((form, fi) =>
      form.length === 1
        ? { kind: "word" as const, term: form[0]!, typos: typosAllowed(form[0]!), prefix: fi === 0 && term.open }
        : { kind: "phrase" as const, terms: form },
    ),
  }));
  for (const phrase of analyzed.phrases) {
    clauses.push({ must: true, forms: [phrase.length === 1 ? { kind: "word", term: phrase[0]!, typos: 0, prefix: false } : { kind: "phrase", terms: phrase }] });
  }
  return clauses;
}

/** The query terms a slot's clause mask (term-query.ts) says it did not match. */
export function missingTerms(analyzed: AnalyzedQuery, mask: number): string[] {
  return analyzed.terms.filter((_, i) => i < 32 && (mask & (1 << i)) === 0).map((t) => t.label);
}

/** How far a "did you mean" word may be from the word typed. */
export const SUGGEST_MAX_EDITS = 2;

/** A section with no text of its own (an empty heading) ranks below one that says something. */
export const EMPTY_SECTION_BOOST = 0.5;
export const isEmptySection = (r: SearchRecord) => r.scope === "clauses" && r.body.trim() === "" && r.clausePositions.length === 0;

/**
 * The audience's visibility (engine.ts: SearchAudience) and the query's filters as one predicate,
 * compiled once per query: it runs on every match.
 */
export function compileRecordFilter(query: Pick<SearchQuery, "audience" | "filters">): (record: SearchRecord) => boolean {
  const { audience, filters } = query;
  const staffOf = new Set(audience.staffOrganizationIds);
  const needToKnow = new Set(audience.clientIds);
  const memberOf = new Set(audience.memberOfClientIds);
  const setOf = <T>(values: readonly T[] | undefined) => (values && values.length > 0 ? new Set(values) : null);
  const kinds = setOf(filters.kind);
  const areas = setOf(filters.practiceArea);
  const jurisdictions = setOf(filters.jurisdiction);
  const tags = setOf(filters.tag);
  const statuses = setOf(filters.status);
  const archivedAsked = statuses?.has("ARCHIVED") ?? false;
  const staffReads = (r: SearchRecord) =>
    staffOf.has(r.organizationId) &&
    (r.clientOrganizationId === null || needToKnow.has(r.clientOrganizationId)) &&
    (r.status !== "ARCHIVED" || archivedAsked);
  // A client's material counts as shared only with that client.
  const memberReads = (r: SearchRecord) =>
    r.visibility === "SHARED" &&
    r.hasPublishedVersion &&
    (r.status === "PUBLISHED" || r.status === "IN_REVIEW") &&
    (r.clientOrganizationId === null
      ? r.sharedWithOrganizationIds.some((o) => memberOf.has(o))
      : memberOf.has(r.clientOrganizationId) && r.sharedWithOrganizationIds.includes(r.clientOrganizationId));
  const visible = (r: SearchRecord) => staffReads(r) || (memberOf.size > 0 && memberReads(r));
  return (r) =>
    visible(r) &&
    (!kinds || kinds.has(r.kind)) &&
    (!areas || (r.practiceArea !== null && areas.has(r.practiceArea))) &&
    (!jurisdictions || r.jurisdictions.some((j) => jurisdictions.has(j))) &&
    (!tags || r.tags.some((t) => tags.has(t))) &&
    (!statuses || statuses.has(r.status));
}

/** The body highlight: a snippet of the first field (body, clause positions, headings) with a match. */
export function buildHighlights(record: SearchRecord, isMatch: TermMatcher): SearchHit["highlights"] {
  const candidates = [record.body, ...record.clausePositions.map((p) => p.text), ...record.headings];
  const source = candidates.find((t) => t && hasMatch(t, isMatch)) ?? record.body;
  return { title: highlightText(record.title, isMatch), body: buildSnippet(source, isMatch) };
}

export function toHit(record: SearchRecord, highlights: SearchHit["highlights"], score: number | null, missing: string[] = []): SearchHit {
  return {
    id: record.id,
    scope: record.scope,
    documentId: record.documentId,
    anchor: record.anchor,
    title: record.title,
    documentTitle: record.documentTitle,
    kind: record.kind,
    status: record.status,
    confidentiality: record.confidentiality,
    clauseName: record.clauseName,
    highlights,
    score,
    missing,
  };
}

function popCount(n: number): number {
  let count = 0;
  for (let v = n >>> 0; v !== 0; v &= v - 1) count++;
  return count;
}

export const clampPaging = (page: number, limit: number) => ({
  page: Number.isFinite(page) ? Math.max(1, Math.floor(page)) : 1,
  limit: Number.isFinite(limit) ? Math.min(SEARCH_PAGE_SIZE_MAX, Math.max(1, Math.floor(limit))) : 20,
});

/**
 * Records as the engine keeps them: built by one object literal, so they share one hidden class.
 * Records of mixed origins (spreads, JSON.parse) can each carry their own, and then every filter
 * and facet read goes through V8's megamorphic path (ADR 008: on the bench corpus that made a
 * common-word query several times slower).
 */
const ownCopy = (r: SearchRecord): SearchRecord => ({
  id: r.id,
  scope: r.scope,
  documentId: r.documentId,
  anchor: r.anchor,
  title: r.title,
  documentTitle: r.documentTitle,
  headings: r.headings,
  body: r.body,
  clauseName: r.clauseName,
  clausePositions: r.clausePositions,
  kind: r.kind,
  practiceArea: r.practiceArea,
  jurisdictions: r.jurisdictions,
  tags: r.tags,
  status: r.status,
  ownerId: r.ownerId,
  organizationId: r.organizationId,
  visibility: r.visibility,
  sharedWithOrganizationIds: r.sharedWithOrganizationIds,
  clientOrganizationId: r.clientOrganizationId,
  confidentiality: r.confidentiality,
  hasPublishedVersion: r.hasPublishedVersion,
  updatedAt: r.updatedAt,
});

export function createMiniSearchEngine(
  options: { dataDir?: string; persistDebounceMs?: number; persistMaxWaitMs?: number; logger?: Pick<Logger, "warn"> } = {},
): MiniSearchEngine {
  const file = options.dataDir ? path.join(options.dataDir, MINISEARCH_INDEX_FILE) : null;
  const debounceMs = options.persistDebounceMs ?? SEARCH_PERSIST_DEBOUNCE_MS;
  const maxWaitMs = Math.max(debounceMs, options.persistMaxWaitMs ?? SEARCH_PERSIST_MAX_WAIT_MS);
  const warn = (message: string, error: unknown) =>
    options.logger ? options.logger.warn(message, { error: String(error) }) : console.warn(message, error);
  const indexes: Record<SearchScope, TermIndex<SearchRecord>> = {
    documents: new TermIndex(tokenizeSearchText, wordKey),
    clauses: new TermIndex(tokenizeSearchText, wordKey),
  };
  const facetTables: Record<SearchScope, FacetTable> = { documents: new FacetTable(), clauses: new FacetTable() };
  const scratch = new QueryScratch();
  const records = new Map<string, SearchRecord>();
  const idsByDocument = new Map<string, Set<string>>();
  let rebuild = true;
  let dirty = false;
  /** When the oldest unsaved change was made: continuous typing still saves within maxWaitMs. */
  let dirtySince: number | null = null;
  /** Counts changes; `savedGeneration` is the last one a finished save holds (durable()). */
  let generation = 0;
  let savedGeneration = 0;
  let waiters: { generation: number; resolve: () => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  /** The save in progress; never rejects, so one failed save cannot fail the next. */
  let saving: Promise<void> = Promise.resolve();
  /** The saved index being read (it yields to the event loop): writes and searches wait for it, so a fresh write is never overwritten by a saved copy. */
  let loading: Promise<void> = Promise.resolve();

  function remove(id: string) {
    const existing = records.get(id);
    if (!existing) return;
    indexes[existing.scope].remove(id);
    records.delete(id);
    const ids = idsByDocument.get(existing.documentId);
    ids?.delete(id);
    if (ids && ids.size === 0) idsByDocument.delete(existing.documentId);
  }

  function add(input: SearchRecord) {
    const record = ownCopy(input);
    remove(record.id);
    const slot = indexes[record.scope].add(record.id, record, fieldTexts(record));
    facetTables[record.scope].set(slot, record);
    records.set(record.id, record);
    let ids = idsByDocument.get(record.documentId);
    if (!ids) idsByDocument.set(record.documentId, (ids = new Set()));
    ids.add(record.id);
  }

  function removeDocument(documentId: string) {
    for (const id of [...(idsByDocument.get(documentId) ?? [])]) remove(id);
  }

  function removeAll() {
    for (const scope of SCOPES) {
      indexes[scope].clear();
      facetTables[scope].clear();
    }
    records.clear();
    idsByDocument.clear();
  }

  function changed() {
    dirty = true;
    generation++;
    if (!file) {
      savedGeneration = generation;
      return;
    }
    dirtySince ??= Date.now();
    scheduleSave();
  }

  /** Saves debounceMs after the last change, but never later than maxWaitMs after the first unsaved one. */
  function scheduleSave() {
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, dirtySince! + maxWaitMs - Date.now()));
    timer = setTimeout(() => {
      timer = null;
      void flush().catch((error: unknown) => warn("search: could not save the embedded index; trying again", error));
    }, wait);
    timer.unref();
  }

  async function save(target: string) {
    const saved: SavedIndex = { version: MINISEARCH_SCHEMA_VERSION, savedAt: Date.now(), records: [...records.values()] };
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
    if (!file) return;
    // One save at a time: wait until no save is running (another may start while we wait).
    for (let running = saving; ; running = saving) {
      await running;
      if (running === saving) break;
    }
    if (!dirty) return;
    dirty = false;
    const started = dirtySince;
    dirtySince = null;
    const upTo = generation;
    const attempt = save(file).then(
      () => {
        savedGeneration = Math.max(savedGeneration, upTo);
        const done = waiters.filter((w) => w.generation <= savedGeneration);
        waiters = waiters.filter((w) => w.generation > savedGeneration);
        for (const w of done) w.resolve();
      },
      (error: unknown) => {
        // Still unsaved: the next save (a new change, or the retry scheduled here) writes it.
        dirty = true;
        dirtySince = Math.min(started ?? Date.now(), dirtySince ?? Date.now());
        scheduleSave();
        throw error;
      },
    );
    saving = attempt.catch(() => undefined);
    return attempt;
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
      removeAll();
      for (let i = 0; i < saved.records.length; i++) {
        add(saved.records[i]!);
        // A large library takes seconds to index: let the server answer other requests meanwhile.
        if (i % LOAD_YIELD_EVERY === LOAD_YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      return true;
    } catch (error) {
      console.warn(`search: the saved embedded index ${source} is unreadable; it will be rebuilt`, error);
      removeAll();
      return false;
    }
  }

  return {
    name: "minisearch",

    async init() {
      loading = (async () => {
        rebuild = !(file && (await load(file)));
      })();
      await loading;
    },

    needsRebuild: () => rebuild,

    shared: false,

    flush,

    async durable(options) {
      if (options?.now) await flush();
      if (savedGeneration >= generation) return;
      const wanted = generation;
      await new Promise<void>((resolve) => waiters.push({ generation: wanted, resolve }));
    },

    async indexedVersions() {
      await loading;
      const versions = new Map<string, number>();
      for (const record of records.values()) if (record.scope === "documents") versions.set(record.documentId, record.updatedAt);
      return versions;
    },

    async write(batch) {
      await loading;
      const stranger = batch.replace.flatMap((d) => d.records.filter((r) => r.documentId !== d.documentId))[0];
      if (stranger) throw new Error(`write: record ${stranger.id} is not its entry's document`);
      for (const documentId of batch.remove) removeDocument(documentId);
      for (const entry of batch.replace) {
        removeDocument(entry.documentId);
        for (const r of entry.records) add(r);
      }
      if (batch.remove.length > 0 || batch.replace.length > 0) changed();
    },

    async rebuild(fill) {
      await loading;
      removeAll();
      rebuild = false;
      changed();
      await fill(async (batch) => {
        for (const r of batch) add(r);
        if (batch.length > 0) changed();
      });
    },

    async upsert(batch) {
      await loading;
      for (const r of batch) add(r);
      if (batch.length > 0) changed();
    },

    async deleteDocument(documentId) {
      await loading;
      removeDocument(documentId);
      changed();
    },

    async replaceDocument(documentId, batch) {
      await loading;
      const stranger = batch.find((r) => r.documentId !== documentId);
      if (stranger) throw new Error(`replaceDocument(${documentId}): record ${stranger.id} belongs to ${stranger.documentId}`);
      // Synchronous between the two: no search sees the document half replaced.
      removeDocument(documentId);
      for (const r of batch) add(r);
      changed();
    },

    async search(query) {
      await loading;
      const started = performance.now();
      const { page, limit } = clampPaging(query.page, query.limit);
      const analyzed = analyzeQuery(query.q);
      const index = indexes[query.scope];
      const accept = compileRecordFilter(query);

      let slots: number[];
      let rankOf: (slot: number) => number;
      let scoreOf: (slot: number) => number | null = () => null;
      let missingOf: (slot: number) => string[] = () => [];
      let reachedTerms: string[] = [];
      if (analyzed.terms.length === 0 && analyzed.phrases.length === 0) {
        // No words: everything visible, published first, then the most recently updated.
        slots = [];
        for (const [slot, record] of index.entries()) if (accept(record)) slots.push(slot);
        rankOf = (slot) => {
          const r = index.get(slot)!;
          return STATUS_RANK[r.status] * 1e13 + r.updatedAt;
        };
      } else {
        const result = runTermQuery(index, buildClauses(analyzed), analyzed.required, accept, scratch);
        reachedTerms = result.reachedTerms;
        slots = result.slots;
        const { scores, masks } = result;
        const termsMask = analyzed.terms.length >= 32 ? 0xffffffff : (1 << analyzed.terms.length) - 1;
        const covered = (slot: number) => popCount(masks[slot]! & termsMask);
        for (const slot of slots) {
          const record = index.get(slot)!;
          scores[slot] = scores[slot]! * STATUS_BOOST[record.status] * (isEmptySection(record) ? EMPTY_SECTION_BOOST : 1);
        }
        // The more query terms a hit covers, the higher it ranks, whatever its score (Meilisearch's "words" rule).
        rankOf = (slot) => covered(slot) * 1e6 + scores[slot]!;
        scoreOf = (slot) => scores[slot]!;
        missingOf = (slot) => missingTerms(analyzed, masks[slot]!);
      }

      const facets = query.facets.length > 0 ? facetTables[query.scope].count(slots, query.facets) : {};
      const isMatch = matchTerms(withoutStopWords([...reachedTerms, ...analyzed.phrases.flat()]));
      const hits = selectTop(slots, rankOf, page * limit)
        .slice((page - 1) * limit)
        .map((slot) => {
          const record = index.get(slot)!;
          return toHit(record, buildHighlights(record, isMatch), scoreOf(slot), missingOf(slot));
        });
      return { hits, total: slots.length, page, limit, facets, tookMs: performance.now() - started };
    },

    async suggest(query) {
      await loading;
      const index = indexes[query.scope];
      const readable = compileRecordFilter({ audience: query.audience, filters: {} });
      const seen = (term: string) => {
        const entry = index.terms.get(term);
        if (!entry) return false;
        for (let p = 0; p < entry.length; p++) {
          const record = index.get(entry.slots[p]!);
          if (record !== undefined && readable(record)) return true;
        }
        return false;
      };
      const replacements = new Map<string, string>();
      for (const word of correctableWords(query.q)) {
        if (seen(word) || index.wordsOfKey(wordKey(word)).some(seen)) continue;
        const candidates = [...index.terms.fuzzyGet(word, SUGGEST_MAX_EDITS)]
          .map(([term, [entry, distance]]) => ({ term, distance, postings: entry.length }))
          .sort((a, b) => a.distance - b.distance || b.postings - a.postings || a.term.localeCompare(b.term));
        const best = candidates.find((c) => c.term !== word && seen(c.term));
        if (best) replacements.set(word, best.term);
      }
      return rewriteQuery(query.q, replacements);
    },

    async clear() {
      await loading;
      removeAll();
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
