/**
 * The Meilisearch engine (MEILI_HOST set), behind the same SearchEngine contract as the embedded
 * one (engine.contract.ts). Index settings carry the field order (title and clause names first),
 * filterable fields, a `statusRank:desc` ranking rule (published above drafts for equal text),
 * legal synonyms (synonyms.ts) and typo tolerance. Every write waits for its task, so a caller
 * reads its own writes. Writes go in batches (one add and one delete task per indexer batch) over
 * keep-alive connections; a rebuild fills a new index and swaps it in (ADR 024). Highlights come from the shared highlighter (highlight.ts) with the
 * query's own matching rules (query.ts), so hits are escaped and marked as MiniSearch's are.
 * Word forms, stop words and partial matching follow the shared analysis (analysis.ts, ADR 038):
 * records carry their words' keys, queries are sent as keys, and the first hits are reordered by
 * the embedded engine's term weighting.
 */
import http from "node:http";
import https from "node:https";
import { Meilisearch, type Index, type SearchParams, type Task } from "meilisearch";
import {
  SEARCH_FACET_VALUES_MAX,
  SEARCH_FUZZY_MIN_TERM_LENGTH,
  SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH,
  SEARCH_MEILI_TASK_TIMEOUT_MS,
} from "../config.ts";
import type { FacetName, SearchEngine, SearchQuery, SearchRecord, SearchResult, SearchWriteBatch } from "./engine.ts";
import { buildHighlights, clampPaging, EMPTY_SECTION_BOOST, FIELD_BOOST, fieldTexts, isEmptySection, STATUS_BOOST, STATUS_RANK, SUGGEST_MAX_EDITS, toHit } from "./minisearch-engine.ts";
import { K1 } from "./term-index.ts";
import { isStopWord, wordKey } from "./analysis.ts";
import { analyzedQueryMatcher, analyzeQuery, boundedEditDistance, correctableWords, rewriteQuery, termMatcher, type AnalyzedQuery } from "./query.ts";
import { ABBREVIATION_WORDS, meilisearchSynonyms, tokenizeSearchText } from "./synonyms.ts";
import type { TermMatcher } from "./highlight.ts";

export type MeiliSearchEngine = SearchEngine & {
  readonly name: "meilisearch";
  /** True when init() found the index empty (new, or emptied) or holding records of another format: the indexer should rebuild from the database. Reset by clear(). */
  needsRebuild(): boolean;
};

/**
 * Bump when the records' shape changes in a way the filter depends on: init() asks for a rebuild
 * when any stored record has another format. 2: records carry their client (ADR 013); a record
 * without it would be hidden from everyone (`IS NULL` does not match a missing field) until rebuilt.
 * 3: records say whether a version is published (hasPublishedVersion).
 * 4: records carry their fields' word keys (keysTitle, keysContext, keysBody) and whether a section is empty.
 * 5: the keys fields are exactly the embedded engine's weighted fields (fieldTexts), which the re-rank counts on.
 */
export const MEILISEARCH_RECORD_FORMAT = 5;

/**
 * Meilisearch has no stemming: each record also holds its fields' word keys (analysis.ts), and a
 * query is sent as keys, so "terminate" (key "termin") finds "termination" as MiniSearch does. Each
 * keys field sits right after the fields it is made of, so the attribute rule still ranks a title
 * match above a body match.
 */
type MeiliDocument = SearchRecord & {
  statusRank: number;
  recordFormat: number;
  keysTitle: string;
  keysContext: string;
  keysBody: string;
  /** 0 for an empty section (an empty heading), 1 otherwise: ranks below one that says something. */
  contentRank: number;
};

const SEARCHABLE = ["title", "clauseName", "keysTitle", "documentTitle", "headings", "keysContext", "clausePositions.text", "body", "keysBody"];
const FILTERABLE = [
  "kind",
  "practiceArea",
  "jurisdictions",
  "tags",
  "status",
  "scope",
  "organizationId",
  "visibility",
  "sharedWithOrganizationIds",
  "clientOrganizationId",
  "recordFormat",
  "hasPublishedVersion",
  "documentId",
];
export const FACET_ATTRIBUTE: Record<FacetName, string> = {
  kind: "kind",
  practiceArea: "practiceArea",
  jurisdictions: "jurisdictions",
  tags: "tags",
  status: "status",
};
/** "Did you mean": candidates come from records sharing this many first letters with the word. */
const SUGGEST_PREFIX_LENGTH = 3;
const SUGGEST_CANDIDATE_RECORDS = 50;
/** Totals are exact up to this many hits. */
const MAX_TOTAL_HITS = 10_000;

export const MEILISEARCH_SETTINGS = {
  searchableAttributes: SEARCHABLE,
  filterableAttributes: FILTERABLE,
  sortableAttributes: ["statusRank", "updatedAt"],
  rankingRules: ["words", "typo", "contentRank:desc", "proximity", "attribute", "sort", "exactness", "statusRank:desc"],
  synonyms: meilisearchSynonyms(),
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: SEARCH_FUZZY_MIN_TERM_LENGTH, twoTypos: SEARCH_FUZZY_TWO_TYPOS_MIN_LENGTH },
    disableOnWords: [...ABBREVIATION_WORDS],
  },
  faceting: { maxValuesPerFacet: SEARCH_FACET_VALUES_MAX },
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
};

/**
 * The JS client's fetch keeps connections alive, which costs ~40 ms per highlighted query on
 * loopback (ARCHITECTURE.md); a plain request per call without keep-alive answers in ~3 ms.
 * Writes and task polling are the other way round (many small requests in a row): they go over
 * a keep-alive agent (ADR 024). The client hands the parsed body back as is, so HTTP errors are
 * thrown here.
 */
export function createMeiliHttpClient(agent: http.Agent | false) {
  return (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => meiliRequest(agent, input, init);
}

export const meiliHttpClient = createMeiliHttpClient(false);

async function meiliRequest(agent: http.Agent | false, input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<unknown> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const body = typeof init?.body === "string" ? init.body : undefined;
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: init?.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown;
        try {
          parsed = text === "" ? undefined : JSON.parse(text);
        } catch {
          parsed = text;
        }
        const status = res.statusCode ?? 0;
        if (status >= 400) {
          const detail = parsed as { message?: string; code?: string } | undefined;
          const error = new Error(`Meilisearch ${init?.method ?? "GET"} ${url.pathname}: ${status} ${detail?.message ?? text}`);
          (error as Error & { code?: string }).code = detail?.code;
          reject(error);
        } else resolve(parsed);
      });
    });
    const signal = init?.signal;
    const abort = () => req.destroy(new Error("Meilisearch request aborted"));
    if (signal) {
      // The client reuses one signal while it polls a task: detach after each request.
      signal.addEventListener("abort", abort, { once: true });
      req.once("close", () => signal.removeEventListener("abort", abort));
    }
    req.on("error", reject);
    req.end(body);
  });
}

const quote = (value: string) => JSON.stringify(value);
const inList = (attribute: string, values: readonly string[]) => `${attribute} IN [${values.map(quote).join(", ")}]`;

/**
 * The audience and the filters as one Meilisearch filter expression (null: nothing can match).
 * The audience part is compileRecordFilter's (minisearch-engine.ts) in Meilisearch's syntax;
 * house knowledge is the records whose `clientOrganizationId` IS NULL.
 */
export function buildMeiliFilter(query: Pick<SearchQuery, "scope" | "audience" | "filters">): string | null {
  const { audience, filters } = query;
  const visibleAs: string[] = [];
  if (audience.staffOrganizationIds.length > 0) {
    const clients = ["clientOrganizationId IS NULL"];
    if (audience.clientIds.length > 0) clients.push(inList("clientOrganizationId", audience.clientIds));
    const staff = [inList("organizationId", audience.staffOrganizationIds), clients.length === 1 ? clients[0]! : `(${clients.join(" OR ")})`];
    if (!filters.status?.includes("ARCHIVED")) staff.push(`status != "ARCHIVED"`);
    visibleAs.push(`(${staff.join(" AND ")})`);
  }
  if (audience.memberOfClientIds.length > 0) {
    // A client's material counts as shared only with that client.
    const shared = [
      `(clientOrganizationId IS NULL AND ${inList("sharedWithOrganizationIds", audience.memberOfClientIds)})`,
      ...audience.memberOfClientIds.map((id) => `(clientOrganizationId = ${quote(id)} AND sharedWithOrganizationIds = ${quote(id)})`),
    ];
    visibleAs.push(`(visibility = "SHARED" AND hasPublishedVersion = true AND ${inList("status", ["PUBLISHED", "IN_REVIEW"])} AND (${shared.join(" OR ")}))`);
  }
  if (visibleAs.length === 0) return null;
  const parts = [`scope = ${quote(query.scope)}`, visibleAs.length === 1 ? visibleAs[0]! : `(${visibleAs.join(" OR ")})`];
  const add = (attribute: string, values: readonly string[] | undefined) => {
    if (values && values.length > 0) parts.push(inList(attribute, values));
  };
  add("kind", filters.kind);
  add("practiceArea", filters.practiceArea);
  add("jurisdictions", filters.jurisdiction);
  add("tags", filters.tag);
  add("status", filters.status);
  return parts.join(" AND ");
}

function sortedCounts(distribution: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(
    Object.entries(distribution ?? {})
      .filter(([value]) => value !== "" && value !== "null")
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
}

const keysOf = (texts: (string | null)[]) =>
  texts
    .flatMap((t) => (t ? tokenizeSearchText(t) : []))
    .map(wordKey)
    .join(" ");

/** The keys fields are the embedded engine's three weighted fields (fieldTexts), as word keys: the re-rank counts on them. */
const toDocument = (record: SearchRecord): MeiliDocument => {
  const [title, context, body] = fieldTexts(record);
  return {
    ...record,
    statusRank: STATUS_RANK[record.status],
    recordFormat: MEILISEARCH_RECORD_FORMAT,
    keysTitle: keysOf(title!.texts),
    keysContext: keysOf(context!.texts),
    keysBody: keysOf(body!.texts),
    contentRank: isEmptySection(record) ? 0 : 1,
  };
};

/** The record's own fields, listed through the type so a new one cannot be left out of what a search fetches. */
const RECORD_FIELDS = Object.keys({
  id: true,
  scope: true,
  documentId: true,
  anchor: true,
  title: true,
  documentTitle: true,
  headings: true,
  body: true,
  clauseName: true,
  clausePositions: true,
  kind: true,
  practiceArea: true,
  jurisdictions: true,
  tags: true,
  status: true,
  ownerId: true,
  organizationId: true,
  visibility: true,
  sharedWithOrganizationIds: true,
  clientOrganizationId: true,
  confidentiality: true,
  hasPublishedVersion: true,
  updatedAt: true,
} satisfies Record<keyof SearchRecord, true>);

function fromDocument(doc: MeiliDocument): SearchRecord {
  const { statusRank: _rank, recordFormat: _format, keysTitle: _t, keysContext: _c, keysBody: _b, contentRank: _e, ...record } = doc;
  return record;
}

/**
 * The query as Meilisearch is asked it: each loose word as its word key (the last word typed as
 * typed, so it stays a prefix of the words it completes), a synonym's words as keys (the synonyms
 * setting is in keys), quoted phrases as typed; stop words left out (analysis.ts).
 */
export function meiliQueryText(analyzed: AnalyzedQuery): string {
  const terms = analyzed.terms.map((t) => (t.open ? t.forms[0]![0]! : t.forms[0]!.map(wordKey).join(" ")));
  const phrases = analyzed.phrases.map((p) => `"${p.join(" ")}"`);
  return [...terms, ...phrases].join(" ");
}

/**
 * Meilisearch ranks by buckets (words matched, typos, proximity, field) and knows nothing of how
 * often a document returns to a word: a short record naming it once ties with the playbook about
 * it. The first RERANK_WINDOW hits are reordered, within Meilisearch's words bucket, by the
 * embedded engine's weighting (field boosts, saturated term frequency: minisearch-engine.ts,
 * term-index.ts) counted on the hit's keys fields; later pages keep Meilisearch's order.
 */
export const RERANK_WINDOW = 30;

/** Occurrences of one word key in a keys field (word keys separated by single spaces). */
function keyCount(keys: string, key: string): number {
  let count = 0;
  for (let at = keys.indexOf(key); at !== -1; at = keys.indexOf(key, at + key.length)) {
    const end = at + key.length;
    if ((at === 0 || keys.charCodeAt(at - 1) === 32) && (end === keys.length || keys.charCodeAt(end) === 32)) count++;
  }
  return count;
}

/**
 * Per query term, the hit's field-boosted count of the words of its keys, read off the keys
 * fields by string search: no tokenising, no stemming of the hit's text per query.
 */
function boostedTermCounts(doc: MeiliDocument, keySets: Set<string>[]): Float64Array {
  const fields: [string, number][] = [
    [doc.keysTitle ?? "", FIELD_BOOST.title],
    [doc.keysContext ?? "", FIELD_BOOST.context],
    [doc.keysBody ?? "", FIELD_BOOST.body],
  ];
  const counts = new Float64Array(keySets.length);
  keySets.forEach((keys, i) => {
    for (const key of keys) for (const [text, boost] of fields) counts[i] = counts[i]! + keyCount(text, key) * boost;
  });
  return counts;
}

/** The embedded engine's saturated term frequency (term-index.ts) over those counts. */
function termFrequencyScore(counts: Float64Array): number {
  let score = 0;
  for (const wtf of counts) score += (wtf * (K1 + 1)) / (wtf + K1);
  return score;
}

/**
 * The query terms a hit does not contain, by the shared matching rules (query.ts). A term whose
 * keys occur in the hit is there; only for the others are the hit's words read, once, and
 * checked for typos and completions.
 */
function missingIn(record: SearchRecord, counts: Float64Array, analyzed: AnalyzedQuery, matchers: TermMatcher[]): string[] {
  const unsure = analyzed.terms.flatMap((_, i) => (counts[i]! > 0 ? [] : [i]));
  if (unsure.length === 0) return [];
  const words = new Set<string>();
  for (const { texts } of fieldTexts(record)) for (const text of texts) for (const word of tokenizeSearchText(text)) words.add(word);
  const matches = (matcher: TermMatcher) => {
    for (const word of words) if (matcher(word)) return true;
    return false;
  };
  return unsure.filter((i) => !matches(matchers[i]!)).map((i) => analyzed.terms[i]!.label);
}

export function createMeiliSearchEngine(options: { host: string; apiKey?: string; indexUid?: string }): MeiliSearchEngine {
  const waitOptions = { timeout: SEARCH_MEILI_TASK_TIMEOUT_MS, interval: 10 };
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey, httpClient: meiliHttpClient, defaultWaitOptions: waitOptions });
  const keepAlive = new (options.host.startsWith("https:") ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 8 });
  const writer = new Meilisearch({ host: options.host, apiKey: options.apiKey, httpClient: createMeiliHttpClient(keepAlive), defaultWaitOptions: waitOptions });
  const uid = options.indexUid ?? "precedent";
  /** Where a rebuild fills the new index before the swap. */
  const rebuildUid = `${uid}_rebuild`;
  const index: Index<MeiliDocument> = client.index<MeiliDocument>(uid);
  const writeIndex: Index<MeiliDocument> = writer.index<MeiliDocument>(uid);
  let rebuild = true;

  /** Waits for a batch's tasks together; the first failure is thrown. */
  async function settleAll(tasks: { taskUid: number }[], what: string) {
    if (tasks.length === 0) return;
    const done = await writer.tasks.waitForTasks(tasks.map((t) => t.taskUid));
    const failed = done.find((t) => t.status === "failed");
    if (failed) throw new Error(`Meilisearch ${what} failed: ${failed.error?.message ?? "unknown error"}`);
  }

  async function createWithSettings(target: string) {
    const created = await writer.createIndex(target, { primaryKey: "id" }).waitTask();
    if (created.status === "failed" && created.error?.code !== "index_already_exists") {
      throw new Error(`Meilisearch could not create index ${target}: ${created.error?.message}`);
    }
    await settle(writer.index(target).updateSettings(MEILISEARCH_SETTINGS).waitTask(), "settings update");
  }

  async function settle(task: Promise<Task>, what: string): Promise<Task> {
    const done = await task;
    if (done.status === "failed") throw new Error(`Meilisearch ${what} failed: ${done.error?.message ?? "unknown error"}`);
    return done;
  }

  /** The record ids stored for these documents. */
  async function idsOf(documentIds: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await writeIndex.getDocuments({ filter: inList("documentId", documentIds), fields: ["id"], limit: 1000, offset });
      ids.push(...page.results.map((d) => String(d.id)));
      if (page.results.length < 1000) return ids;
    }
  }

  /**
   * Adds (replacing same ids) before removing dropped sections and removed documents, both
   * enqueued before either is waited for: a search in between sees the new records and, briefly,
   * stale sections — never an empty document.
   */
  async function write(batch: SearchWriteBatch) {
    const records = batch.replace.flatMap((entry) => {
      const stranger = entry.records.find((r) => r.documentId !== entry.documentId);
      if (stranger) throw new Error(`replaceDocument(${entry.documentId}): record ${stranger.id} belongs to ${stranger.documentId}`);
      return entry.records;
    });
    const documentIds = [...batch.replace.map((e) => e.documentId), ...batch.remove];
    if (documentIds.length === 0) return;
    const keep = new Set(records.map((r) => r.id));
    const stale = (await idsOf(documentIds)).filter((id) => !keep.has(id));
    const tasks = [];
    if (records.length > 0) tasks.push(await writeIndex.addDocuments(records.map(toDocument), { primaryKey: "id" }));
    if (stale.length > 0) tasks.push(await writeIndex.deleteDocuments(stale));
    await settleAll(tasks, "batch write");
  }

  return {
    name: "meilisearch",

    async init() {
      await createWithSettings(uid);
      rebuild =
        (await index.getStats()).numberOfDocuments === 0 ||
        (await index.search("", { filter: `recordFormat NOT EXISTS OR recordFormat != ${MEILISEARCH_RECORD_FORMAT}`, limit: 0 }))
          .estimatedTotalHits > 0;
    },

    needsRebuild: () => rebuild,

    shared: true,

    write,

    // Every write waits for its task.
    durable: async () => undefined,

    async indexedVersions() {
      const versions = new Map<string, number>();
      for (let offset = 0; ; offset += 1000) {
        const page = await writeIndex.getDocuments({ filter: `scope = "documents"`, fields: ["documentId", "updatedAt"], limit: 1000, offset });
        for (const d of page.results) versions.set(String(d.documentId), Number(d.updatedAt));
        if (page.results.length < 1000) return versions;
      }
    },

    async rebuild(fill) {
      // A leftover of a rebuild that died is dropped first.
      await settle(writer.deleteIndex(rebuildUid).waitTask(), "dropping an unfinished rebuild").catch(() => undefined);
      await createWithSettings(rebuildUid);
      const target = writer.index<MeiliDocument>(rebuildUid);
      await fill(async (records) => {
        if (records.length > 0) await settle(target.addDocuments(records.map(toDocument), { primaryKey: "id" }).waitTask(), "rebuild batch");
      });
      // Searches answered from the old index until here; after the swap the rebuilt index is `uid`.
      await settle(writer.swapIndexes([{ indexes: [uid, rebuildUid], rename: false }]).waitTask(), "index swap");
      await settle(writer.deleteIndex(rebuildUid).waitTask(), "dropping the old index");
      rebuild = false;
    },

    async upsert(records) {
      if (records.length === 0) return;
      await settle(writeIndex.addDocuments(records.map(toDocument), { primaryKey: "id" }).waitTask(), "upsert");
    },

    async deleteDocument(documentId) {
      await settle(writeIndex.deleteDocuments({ filter: `documentId = ${quote(documentId)}` }).waitTask(), "delete");
    },

    async replaceDocument(documentId, records) {
      await write({ replace: [{ documentId, records }], remove: [] });
    },

    async search(query) {
      const started = performance.now();
      const { page, limit } = clampPaging(query.page, query.limit);
      const filter = buildMeiliFilter(query);
      if (filter === null) return { hits: [], total: 0, page, limit, facets: {}, tookMs: performance.now() - started };
      const analyzed = analyzeQuery(query.q);
      const q = meiliQueryText(analyzed);
      // Partial matching: Meilisearch drops the commonest words first ("frequency") and ranks hits
      // by how many words they hold (the "words" rule); hits below analysed.required are cut here.
      const partial = analyzed.required < analyzed.terms.length;
      // The first pages come from one window of RERANK_WINDOW hits, reordered here.
      const windowed = q !== "" && page * limit <= RERANK_WINDOW;
      const matchingStrategy = partial ? "frequency" : "all";
      const facetsAsked = query.facets.map((f) => FACET_ATTRIBUTE[f]);
      const from = windowed ? 0 : (page - 1) * limit;
      const size = windowed ? RERANK_WINDOW : limit;
      const params: SearchParams = {
        filter,
        // With facets asked for, their request counts the hits exactly (page mode) and this one
        // need not: an offset and a limit let Meilisearch stop ranking sooner.
        ...(facetsAsked.length > 0 ? { offset: from, limit: size } : { page: from / size + 1, hitsPerPage: size }),
        // No attributesToHighlight: on long bodies Meilisearch's highlighter costs more than the
        // search itself. The shared highlighter marks what the query matches by the same rules.
        showRankingScore: true,
        matchingStrategy,
        // The keys fields for the re-rank; not the ranking fields.
        attributesToRetrieve: [...RECORD_FIELDS, "keysTitle", "keysContext", "keysBody"],
      };
      if (q === "") params.sort = ["statusRank:desc", "updatedAt:desc"];
      // Facet counts over every candidate are most of Meilisearch's time on common words (ADR 038):
      // asked for in a request of their own, they are counted on another core while the hits are
      // fetched and re-ranked here.
      const [response, counted] = await Promise.all([
        index.search(q, params),
        facetsAsked.length > 0 ? index.search(q, { filter, matchingStrategy, facets: facetsAsked, page: 1, hitsPerPage: 0 }) : null,
      ]);
      const matchers = analyzed.terms.map(termMatcher);
      const allowedMissing = analyzed.terms.length - analyzed.required;
      const keySets = analyzed.terms.map((t) => new Set(t.forms.flat().filter((w) => !isStopWord(w)).map(wordKey)));
      let cut = false;
      let ranked = [];
      for (const [position, hit] of response.hits.entries()) {
        const record = fromDocument(hit as MeiliDocument);
        const counts = boostedTermCounts(hit as MeiliDocument, keySets);
        const missing = partial ? missingIn(record, counts, analyzed, matchers) : [];
        if (missing.length > allowedMissing) {
          cut = true;
          break;
        }
        const score = windowed ? termFrequencyScore(counts) * (isEmptySection(record) ? EMPTY_SECTION_BOOST : 1) * STATUS_BOOST[record.status] : 0;
        ranked.push({ record, missing, score, position, rankingScore: hit._rankingScore ?? null });
      }
      const survivors = ranked.length;
      if (windowed) {
        ranked.sort((a, b) => a.missing.length - b.missing.length || b.score - a.score || a.position - b.position);
        ranked = ranked.slice((page - 1) * limit, page * limit);
      }
      // The re-rank's matchers have decided most of these words already.
      const isMatch = analyzedQueryMatcher(analyzed, matchers);
      const hits = ranked.map((r) => toHit(r.record, buildHighlights(r.record, isMatch), q === "" ? null : r.rankingScore, r.missing));
      const facets: SearchResult["facets"] = {};
      for (const name of query.facets) facets[name] = sortedCounts(counted?.facetDistribution?.[FACET_ATTRIBUTE[name]]);
      const exact = counted ?? response;
      const reported = "totalHits" in exact && typeof exact.totalHits === "number" ? exact.totalHits : hits.length;
      // A cut window or page ends the hits; otherwise the total may count weaker partial hits still to come.
      const total = cut ? (windowed ? survivors : (page - 1) * limit + survivors) : reported;
      return { hits, total, page, limit, facets, tookMs: performance.now() - started };
    },

    async suggest(query) {
      const filter = buildMeiliFilter({ scope: query.scope, audience: query.audience, filters: {} });
      if (filter === null) return null;
      const replacements = new Map<string, string>();
      for (const word of correctableWords(query.q)) {
        // Words of the records that share the word's first letters: the index's own words, the
        // audience's records only. (Asking for the word itself would answer through typos.)
        const near = await index.search(word.slice(0, SUGGEST_PREFIX_LENGTH), {
          filter,
          limit: SUGGEST_CANDIDATE_RECORDS,
          attributesToRetrieve: ["title", "clauseName", "headings", "body"],
        });
        const counts = new Map<string, number>();
        for (const hit of near.hits) {
          const text = [hit.title, hit.clauseName ?? "", ...(hit.headings ?? []), hit.body ?? ""].join(" ");
          for (const t of tokenizeSearchText(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
        }
        const key = wordKey(word);
        if ([...counts.keys()].some((t) => wordKey(t) === key)) continue;
        let best: { term: string; distance: number; count: number } | null = null;
        for (const [term, count] of counts) {
          const distance = boundedEditDistance(term, word, SUGGEST_MAX_EDITS);
          if (distance > SUGGEST_MAX_EDITS) continue;
          if (!best || distance < best.distance || (distance === best.distance && (count > best.count || (count === best.count && term < best.term)))) {
            best = { term, distance, count };
          }
        }
        if (best) replacements.set(word, best.term);
      }
      return rewriteQuery(query.q, replacements);
    },

    async clear() {
      await settle(writeIndex.deleteAllDocuments().waitTask(), "clear");
      rebuild = false;
    },

    async count() {
      return (await index.getStats()).numberOfDocuments;
    },

    async health() {
      try {
        const h = await client.health();
        return { ok: h.status === "available", detail: `meilisearch ${h.status}` };
      } catch (error) {
        return { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },

    async close() {
      // Queries use a connection each; only the writers' keep-alive sockets stay open.
      keepAlive.destroy();
    },
  };
}
