/**
 * Search benchmark: both engines, one run, one table.
 *
 *   npm run bench:search                      # 10,000 documents, 100,000 clauses, 500 queries
 *   npm run bench:search -- --docs 1000       # smaller, for a quick look
 *   npm run bench:search -- --no-meili        # MiniSearch only
 *
 * A seeded generator (search-corpus.ts) builds the same library every run: Zipf-distributed legal
 * vocabulary, documents made of their clauses, a matter code name in each title so recall can be
 * measured. Per engine: build time, memory (MiniSearch: heap
 * growth; Meilisearch: the server's RSS), p50/p95/p99 of 500 mixed queries (words, typos,
 * prefixes, phrases, synonyms, filters, client audience), edit-to-searchable time, and recall@10
 * of misspelt/prefix queries for a known document. Meilisearch is the pinned binary started and
 * stopped by pid (test/helpers/meilisearch.ts); beside it, the peer: the same index asked directly
 * (measureMeiliDirect). Figures are for comparing engines on one machine.
 */
import os from "node:os";
import { startMeilisearch } from "../test/helpers/meilisearch.ts";
import type { SearchEngine } from "../server/search/engine.ts";
import { buildMeiliFilter, createMeiliSearchEngine, FACET_ATTRIBUTE, meiliHttpClient, meiliQueryText } from "../server/search/meilisearch-engine.ts";
import { analyzeQuery } from "../server/search/query.ts";
import { Meilisearch } from "meilisearch";
import { createMiniSearchEngine } from "../server/search/minisearch-engine.ts";
import { buildCorpus, seededRandom, type Corpus } from "./search-corpus.ts";

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const DOCS = argValue("--docs", 10_000);
const CLAUSES_PER_DOC = argValue("--clauses-per-doc", 10);
const QUERIES = argValue("--queries", 500);
const EDITS = 20;
const SEED = argValue("--seed", 42);
const WITH_MEILI = !args.includes("--no-meili");

const random = seededRandom(SEED + 1);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (v: number) => `${v.toFixed(1)} ms`;

type Measured = {
  engine: string;
  /** Null for the peer that only asks an index built by another row. */
  buildMs: number | null;
  memory: string;
  times: number[];
  timesByKind: Map<string, number[]>;
  edits: number[];
  found: number;
  withTarget: number;
};

/** A plain-text progress line on stderr, so the table on stdout stays clean. */
function progress(label: string, done: number, total: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label.padEnd(28)} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write("\n");
}

/** The corpus's queries one after another (after 20 to warm up): sorted times, per kind too, and how many known answers came back in the first hits. */
async function timeQueries(corpus: Corpus, label: string, ask: (query: Corpus["queries"][number]["query"]) => Promise<{ hits: { id: string }[] }>) {
  for (const { query } of corpus.queries.slice(0, 20)) await ask(query);
  const times: number[] = [];
  const timesByKind = new Map<string, number[]>();
  let found = 0;
  let withTarget = 0;
  for (const [i, { query, target, kind }] of corpus.queries.entries()) {
    const t = performance.now();
    const result = await ask(query);
    const took = performance.now() - t;
    times.push(took);
    timesByKind.set(kind, [...(timesByKind.get(kind) ?? []), took]);
    if (target) {
      withTarget++;
      if (result.hits.some((h) => h.id === target)) found++;
    }
    if (i % 25 === 24 || i === corpus.queries.length - 1) progress(label, i + 1, corpus.queries.length);
  }
  const sort = (a: number[]) => a.sort((x, y) => x - y);
  sort(times);
  for (const list of timesByKind.values()) sort(list);
  return { times, timesByKind, found, withTarget };
}

async function measure(engine: SearchEngine, corpus: Corpus, memory: () => Promise<string>): Promise<Measured> {
  await engine.init();
  await engine.clear();
  const started = performance.now();
  const BATCH = 5000;
  for (let i = 0; i < corpus.records.length; i += BATCH) {
    await engine.upsert(corpus.records.slice(i, i + BATCH));
    progress(`${engine.name}: indexing`, Math.min(i + BATCH, corpus.records.length), corpus.records.length);
  }
  const buildMs = performance.now() - started;
  const mem = await memory();

  const { times, timesByKind, found, withTarget } = await timeQueries(corpus, `${engine.name}: querying`, (query) => engine.search(query));

  const edits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const record = corpus.records[int(0, corpus.documents - 1) * (CLAUSES_PER_DOC + 1)]!;
    const word = `freshword${i}x${SEED}`;
    const edited = { ...record, body: `${record.body} ${word}` };
    const t = performance.now();
    await engine.upsert([edited]);
    for (;;) {
      const r = await engine.search({ q: word, scope: "documents", audience: { staffOrganizationIds: ["provider"], clientIds: [], memberOfClientIds: [] }, filters: { status: [record.status] }, page: 1, limit: 1, facets: [] });
      if (r.hits.length > 0) break;
    }
    edits.push(performance.now() - t);
  }
  await engine.close();
  edits.sort((x, y) => x - y);
  return { engine: engine.name, buildMs, memory: mem, times, timesByKind, edits, found, withTarget };
}

/**
 * The peer for our Meilisearch engine: the same index asked directly, per query the request our
 * engine would make without its own work — the query as word keys, the filter, the facets, the
 * first 10 hits with their fields — and none of that work (no re-rank window, no missing-word
 * check, no highlights). Our figure beside it is what the matching rules of ADR 038 cost.
 */
async function measureMeiliDirect(host: string, apiKey: string, indexUid: string, corpus: Corpus): Promise<Measured> {
  const index = new Meilisearch({ host, apiKey, httpClient: meiliHttpClient }).index(indexUid);
  const ask = (query: Corpus["queries"][number]["query"]) => {
    const analyzed = analyzeQuery(query.q);
    return index.search(meiliQueryText(analyzed), {
      filter: buildMeiliFilter(query) ?? undefined,
      page: query.page,
      hitsPerPage: query.limit,
      facets: query.facets.map((f) => FACET_ATTRIBUTE[f]),
      matchingStrategy: analyzed.required < analyzed.terms.length ? "frequency" : "all",
    }).then((response) => ({ hits: response.hits.map((h) => ({ id: String(h.id) })) }));
  };
  const timed = await timeQueries(corpus, "meilisearch, asked directly", ask);
  return { engine: "peer: meilisearch asked directly", buildMs: null, memory: "—", ...timed, edits: [] };
}

function printTable(headers: string[], rows: string[][]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const corpus = buildCorpus({ documents: DOCS, clausesPerDocument: CLAUSES_PER_DOC, queries: QUERIES, seed: SEED });
  const words = corpus.records.reduce((n, r) => n + (r.scope === "documents" ? r.body.split(" ").length : 0), 0);
  console.log(
    `search bench: ${corpus.documents} documents (${Math.round(words / corpus.documents)} words each on average), ` +
      `${corpus.clauses} clauses, ${corpus.queries.length} queries, seed ${SEED}; ${cores} cores, Node ${process.version}`,
  );
  const results: Measured[] = [];

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  // Heap and array buffers: the embedded engine keeps its postings in typed arrays.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const heapBefore = used();
  results.push(
    await measure(createMiniSearchEngine(), corpus, async () => {
      gc?.();
      return `${mb(used() - heapBefore)} heap${gc ? "" : " (no --expose-gc)"}`;
    }),
  );

  if (WITH_MEILI) {
    const started = await startMeilisearch();
    if (!started.ok) {
      console.warn(`Meilisearch skipped: ${started.reason}`);
    } else {
      try {
        const { server } = started;
        const engine = createMeiliSearchEngine({ host: server.host, apiKey: server.apiKey, indexUid: "bench" });
        results.push(
          await measure(engine, corpus, async () => {
            const { readFile } = await import("node:fs/promises");
            const status = await readFile(`/proc/${server.pid}/status`, "utf8").catch(() => "");
            const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
            return rss ? `${mb(Number(rss) * 1024)} RSS` : "n/a";
          }),
        );
        results.push(await measureMeiliDirect(server.host, server.apiKey, "bench", corpus));
      } finally {
        await started.server.stop();
      }
    }
  }

  printTable(
    ["engine", "build", "memory", "p50", "p95", "p99", "edit→searchable p50", "recall@10"],
    results.map((m) => [
      m.engine,
      m.buildMs === null ? "—" : `${(m.buildMs / 1000).toFixed(1)} s`,
      m.memory,
      ms(percentile(m.times, 50)),
      ms(percentile(m.times, 95)),
      ms(percentile(m.times, 99)),
      m.edits.length > 0 ? ms(percentile(m.edits, 50)) : "—",
      `${((m.found / Math.max(1, m.withTarget)) * 100).toFixed(1)} %`,
    ]),
  );
  console.log("");
  const kinds = [...(results[0]?.timesByKind.keys() ?? [])];
  printTable(
    ["query kind", ...results.flatMap((m) => [`${m.engine} p50`, `${m.engine} p95`])],
    kinds.map((kind) => [kind, ...results.flatMap((m) => [ms(percentile(m.timesByKind.get(kind) ?? [], 50)), ms(percentile(m.timesByKind.get(kind) ?? [], 95))])]),
  );
  const ratio = (a: string, b: string) => {
    const [x, y] = [results.find((m) => m.engine === a), results.find((m) => m.engine === b)];
    if (x && y) console.log(`p95 ratio ${a}/${b}: ${(percentile(x.times, 95) / percentile(y.times, 95)).toFixed(2)}`);
  };
  console.log("");
  ratio("minisearch", "meilisearch");
  ratio("meilisearch", "peer: meilisearch asked directly");
}

await main();
