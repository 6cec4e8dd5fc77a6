/**
 * Search benchmark: both engines, one run, one table.
 *
 *   npm run bench:search                      # 10,000 documents, 100,000 clauses, 500 queries
 *   npm run bench:search -- --docs 1000       # smaller, for a quick look
 *   npm run bench:search -- --no-meili        # MiniSearch only
 *
 * A seeded generator builds the same corpus every run (legal vocabulary, a unique made-up word
 * in each title so recall can be measured). Per engine: build time, memory (MiniSearch: heap
 * growth; Meilisearch: the server's RSS), p50/p95/p99 of 500 mixed queries (words, typos,
 * prefixes, phrases, synonyms, filters, client audience), edit-to-searchable time, and recall@10
 * of misspelt/prefix queries for a known document. Meilisearch is the pinned binary started and
 * stopped by pid (test/helpers/meilisearch.ts). Figures are for comparing engines on one machine.
 */
import os from "node:os";
import { startMeilisearch } from "../test/helpers/meilisearch.ts";
import type { SearchEngine, SearchQuery, SearchRecord } from "../server/search/engine.ts";
import { createMeiliSearchEngine } from "../server/search/meilisearch-engine.ts";
import { createMiniSearchEngine } from "../server/search/minisearch-engine.ts";

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

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const WORDS = (
  "agreement party parties supplier customer obligation obligations liability indemnity indemnification warranty warranties " +
  "termination notice breach remedy remedies damages loss losses cap limitation exclusion consequential indirect direct " +
  "confidentiality confidential information disclosure data protection processing controller processor personal security " +
  "intellectual property licence license rights assignment novation subcontracting audit records compliance law governing " +
  "jurisdiction dispute arbitration mediation court force majeure event delay payment invoice fees interest taxes price " +
  "services deliverables acceptance testing milestone schedule change control variation term renewal expiry exit transition " +
  "employees transfer tupe insurance policy cover claim claims conduct defence settlement third reasonable endeavours best " +
  "efforts material adverse change warranty representation disclosure letter completion conditions precedent shares purchase " +
  "consideration escrow retention earn-out deferred buyer seller target company group subsidiary shareholder director board " +
  "resolution meeting quorum voting majority consent approval waiver severance entire counterpart amendment variation written " +
  "electronic signature execution deed agent authority power attorney guarantee guarantor security charge mortgage lender " +
  "borrower facility loan repayment prepayment covenant default event acceleration set-off netting collateral margin"
).split(/\s+/);
const KINDS: SearchRecord["kind"][] = ["PLAYBOOK", "TOOLKIT", "TEMPLATE", "PRECEDENT"];
const STATUSES: SearchRecord["status"][] = ["PUBLISHED", "PUBLISHED", "PUBLISHED", "IN_REVIEW", "DRAFT", "ARCHIVED"];
const AREAS = ["Commercial", "Corporate", "Employment", "Finance", "Data Protection", "Disputes", "Real Estate", "IP"];
const JURISDICTIONS = ["England and Wales", "Scotland", "Ireland", "Germany", "France", "Netherlands", "New York", "Singapore"];
const TAGS = ["nda", "saas", "outsourcing", "m&a", "banking", "gdpr", "employment", "supply", "licensing", "jv"];
const TYPES = ["non-disclosure agreement", "limitation of liability", "share purchase agreement", "master services agreement", "data processing agreement", "statement of work", "joint venture", "letter of intent"];
const CLIENTS = Array.from({ length: 20 }, (_, i) => `client_${i}`);
const SYLLABLES = ["ka", "lo", "mer", "vin", "tas", "qua", "zel", "dor", "pim", "rus", "ven", "tor", "bal", "sik", "nov", "xer"];

const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
const madeUpWord = () => Array.from({ length: int(3, 4) }, () => pick(SYLLABLES)).join("");

type Corpus = { records: SearchRecord[]; titleWords: string[] };

function buildCorpus(): Corpus {
  const records: SearchRecord[] = [];
  const titleWords: string[] = [];
  for (let d = 0; d < DOCS; d++) {
    const documentId = `d${d}`;
    const unique = `${madeUpWord()}${d.toString(36)}`;
    titleWords.push(unique);
    const title = `${unique} ${pick(TYPES)} ${pick(WORDS)}`;
    const shared = random() < 0.4;
    const base = {
      documentId,
      documentTitle: title,
      kind: pick(KINDS),
      practiceArea: pick(AREAS),
      jurisdictions: [pick(JURISDICTIONS), ...(random() < 0.3 ? [pick(JURISDICTIONS)] : [])],
      tags: [pick(TAGS), pick(TAGS)],
      status: pick(STATUSES),
      ownerId: null,
      organizationId: "provider",
      visibility: shared ? ("SHARED" as const) : ("INTERNAL" as const),
      sharedWithOrganizationIds: shared ? [pick(CLIENTS), pick(CLIENTS)] : [],
      updatedAt: 1_700_000_000_000 + d,
    };
    const headings = Array.from({ length: 5 }, () => sentence(3));
    records.push({
      ...base,
      id: `doc_${documentId}`,
      scope: "documents",
      anchor: null,
      title,
      headings,
      body: Array.from({ length: 20 }, () => sentence(15)).join(". "),
      clauseName: null,
      clausePositions: [],
    });
    for (let c = 0; c < CLAUSES_PER_DOC; c++) {
      const clauseName = `${pick(WORDS)} ${pick(WORDS)}`;
      const preferred = sentence(25);
      records.push({
        ...base,
        id: `sec_${documentId}_c${c}`,
        scope: "clauses",
        anchor: `#clause-c${c}`,
        title: clauseName,
        headings: [headings[c % headings.length]!],
        body: preferred,
        clauseName,
        clausePositions: [
          { role: "preferred", index: 0, text: preferred },
          { role: "fallback", index: 1, text: sentence(20) },
        ],
      });
    }
  }
  return { records, titleWords };
}

const typo = (word: string) => {
  const i = int(1, word.length - 2);
  return word.slice(0, i) + word.slice(i + 1);
};

type BenchQuery = { query: SearchQuery; target?: string };

function buildQueries(corpus: Corpus): BenchQuery[] {
  const provider = { kind: "provider" as const, organizationIds: ["provider"] };
  const q = (text: string, over: Partial<SearchQuery> = {}): SearchQuery => ({
    q: text,
    scope: "documents",
    audience: provider,
    filters: {},
    page: 1,
    limit: 10,
    facets: ["kind", "practiceArea", "jurisdictions", "tags", "status"],
    ...over,
  });
  const out: BenchQuery[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const d = int(0, DOCS - 1);
    const unique = corpus.titleWords[d]!;
    const target = `doc_d${d}`;
    switch (i % 10) {
      case 0: out.push({ query: q(pick(WORDS)) }); break;
      case 1: out.push({ query: q(`${pick(WORDS)} ${pick(WORDS)}`) }); break;
      case 2: out.push({ query: q(typo(unique)), target }); break;
      case 3: out.push({ query: q(unique.slice(0, Math.max(5, unique.length - 3))), target }); break;
      case 4: out.push({ query: q(`"${pick(TYPES)}"`) }); break;
      case 5: out.push({ query: q(pick(["NDA", "LoL", "SPA", "MSA", "DPA", "SOW", "JV", "LoI"])) }); break;
      case 6: out.push({ query: q(pick(WORDS), { filters: { kind: [pick(KINDS)], jurisdiction: [pick(JURISDICTIONS)] } }) }); break;
      case 7: out.push({ query: q(pick(WORDS), { audience: { kind: "client", organizationIds: [pick(CLIENTS)] } }) }); break;
      case 8: out.push({ query: q(`${pick(WORDS)} ${typo(pick(WORDS.filter((w) => w.length >= 8)))}`, { scope: "clauses" }) }); break;
      default: out.push({ query: q(`${unique} ${pick(WORDS).slice(0, 4)}`, { scope: "clauses" }) }); break;
    }
  }
  return out;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

type Row = { engine: string; build: string; memory: string; p50: string; p95: string; p99: string; edit: string; recall: string };

async function measure(engine: SearchEngine, corpus: Corpus, queries: BenchQuery[], memory: () => Promise<string>): Promise<Row> {
  await engine.init();
  await engine.clear();
  const started = performance.now();
  const BATCH = 5000;
  for (let i = 0; i < corpus.records.length; i += BATCH) await engine.upsert(corpus.records.slice(i, i + BATCH));
  const buildMs = performance.now() - started;
  const mem = await memory();

  for (const { query } of queries.slice(0, 20)) await engine.search(query); // warm-up
  const times: number[] = [];
  let found = 0;
  let withTarget = 0;
  for (const { query, target } of queries) {
    const t = performance.now();
    const result = await engine.search(query);
    times.push(performance.now() - t);
    if (target) {
      withTarget++;
      if (result.hits.some((h) => h.id === target)) found++;
    }
  }
  times.sort((a, b) => a - b);

  const edits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const record = corpus.records[int(0, DOCS - 1) * (CLAUSES_PER_DOC + 1)]!;
    const word = `freshword${i}x${SEED}`;
    const edited = { ...record, body: `${record.body} ${word}` };
    const t = performance.now();
    await engine.upsert([edited]);
    for (;;) {
      const r = await engine.search({ q: word, scope: "documents", audience: { kind: "provider", organizationIds: ["provider"] }, filters: { status: [record.status] }, page: 1, limit: 1, facets: [] });
      if (r.hits.length > 0) break;
    }
    edits.push(performance.now() - t);
  }
  edits.sort((a, b) => a - b);
  await engine.close();
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return {
    engine: engine.name,
    build: `${(buildMs / 1000).toFixed(1)} s`,
    memory: mem,
    p50: ms(percentile(times, 50)),
    p95: ms(percentile(times, 95)),
    p99: ms(percentile(times, 99)),
    edit: ms(percentile(edits, 50)),
    recall: `${((found / Math.max(1, withTarget)) * 100).toFixed(1)} %`,
  };
}

async function main() {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  console.log(`search bench: ${DOCS} documents, ${DOCS * CLAUSES_PER_DOC} clauses, ${QUERIES} queries, seed ${SEED}; ${cores} cores, Node ${process.version}`);
  const corpus = buildCorpus();
  const queries = buildQueries(corpus);
  const rows: Row[] = [];

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  rows.push(
    await measure(createMiniSearchEngine(), corpus, queries, async () => {
      gc?.();
      return `${mb(process.memoryUsage().heapUsed - heapBefore)} heap${gc ? "" : " (no --expose-gc)"}`;
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
        rows.push(
          await measure(engine, corpus, queries, async () => {
            const { readFile } = await import("node:fs/promises");
            const status = await readFile(`/proc/${server.pid}/status`, "utf8").catch(() => "");
            const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
            return rss ? `${mb(Number(rss) * 1024)} RSS` : "n/a";
          }),
        );
      } finally {
        await started.server.stop();
      }
    }
  }

  const headers: Row = { engine: "engine", build: "build", memory: "memory", p50: "p50", p95: "p95", p99: "p99", edit: "edit→searchable p50", recall: "recall@10" };
  const keys = Object.keys(headers) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...[headers, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

await main();
