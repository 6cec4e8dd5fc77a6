/**
 * npm run eval:search: the judged relevance set (judgements.ts) run against both engines, through
 * the path /api/v1/search takes (services.search.search, as a provider admin), scored by pass
 * rate, MRR and nDCG@10 (metrics.ts), and held to thresholds.json (ADR 038).
 *
 *   npm run eval:search                 # both engines; exit 1 when either is below its thresholds
 *   npm run eval:search -- --no-meili   # MiniSearch only, for a quick look (never in CI)
 *
 * Per engine: the server's own services (openServices, ADR 025) over a fresh in-memory database,
 * the starter library imported as the first start does (seedStarterLibrary), the small seeded
 * bench corpus (EVAL_BENCH_CORPUS) written to the same index, then every judged query. The bench
 * corpus is index records, not documents (bench/search-corpus.ts), so it goes to the engine the
 * search service reads rather than through the document service. Meilisearch is the pinned
 * binary, started and stopped by pid (test/helpers/meilisearch.ts); if it cannot start, the run
 * fails: CI must measure both engines.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildCorpus } from "../../bench/search-corpus.ts";
import { printTable } from "../../bench/report.ts";
import { loadConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { openServices } from "../../server/open-services.ts";
import type { SearchEngine, SearchHit } from "../../server/search/engine.ts";
import { createMeiliSearchEngine } from "../../server/search/meilisearch-engine.ts";
import { createMiniSearchEngine } from "../../server/search/minisearch-engine.ts";
import { audienceOf } from "../../server/search/service.ts";
import { seedStarterLibrary } from "../../server/seed.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { startMeilisearch } from "../helpers/meilisearch.ts";
import { EVAL_BENCH_CORPUS, QUERY_KINDS, type Judgement } from "./judgement.ts";
import { JUDGEMENTS } from "./judgements.ts";
import { ndcgAt, passes, reciprocalRank, type Graded } from "./metrics.ts";

/** Per engine: the overall pass rate, MRR and nDCG@10, and the pass rate each named kind must keep (ADR 038). */
type Thresholds = Record<"minisearch" | "meilisearch", { passRate: number; mrr: number; ndcg10: number; kinds: Partial<Record<Judgement["kind"], number>> }>;
const THRESHOLDS: Thresholds = JSON.parse(readFileSync(new URL("./thresholds.json", import.meta.url), "utf8"));

const { values } = parseArgs({ options: { "no-meili": { type: "boolean", default: false } }, strict: true });

type Scored = { judgement: Judgement; top: string[]; pass: boolean; rr: number | null; ndcg: number | null };

const graded = (j: Judgement): Graded => ({ highly: j.expect?.highly ?? [], relevant: j.expect?.relevant ?? [] });

/** A hit as the judgements name it: `slug` or `slug#anchor` (bench records: `bench:d<N>`). */
function keyOf(hit: SearchHit, slugs: Map<string, string>): string {
  const doc = slugs.get(hit.documentId) ?? `bench:${hit.documentId}`;
  return hit.scope === "clauses" && hit.anchor ? `${doc}#${hit.anchor.replace(/^#/, "")}` : doc;
}

async function evaluate(engine: SearchEngine): Promise<Scored[]> {
  const config = loadConfig({ DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn" });
  const { db, services, close } = await openServices({ config, logger: createLogger("warn"), role: "cli", searchEngine: engine });
  try {
    await services.search.ready;
    await services.search.indexer.idle();
    const { user } = await createUser(services.auth, { role: "ADMIN", organizationName: "Eval Law LLP" });
    const viewer = await viewerOf(db.prisma, user.id);
    const summary = await seedStarterLibrary({ db: db.prisma, documents: services.documents });
    if (!summary || summary.skipped.length || summary.imported.length === 0) throw new Error(`the starter library did not import: ${JSON.stringify(summary)}`);
    await services.search.indexer.idle();
    // The bench records belong to the admin's firm, as the starter library does.
    const [orgId] = audienceOf(viewer).staffOrganizationIds;
    if (!orgId) throw new Error("the admin is staff of no provider organisation");
    const bench = buildCorpus(EVAL_BENCH_CORPUS).records.map((r) => ({ ...r, organizationId: orgId }));
    await services.search.engine.upsert(bench);

    const slugs = new Map((await db.prisma.document.findMany({ select: { id: true, slug: true } })).map((d) => [d.id, d.slug ?? d.id]));
    // A misspelt expected id would fail its query forever, silently: refuse the set instead.
    const known = new Set([...slugs.values(), ...Array.from({ length: EVAL_BENCH_CORPUS.documents }, (_, i) => `bench:d${i}`)]);
    const unknown = JUDGEMENTS.flatMap((j) => [...(j.expect?.highly ?? []), ...(j.expect?.relevant ?? [])].filter((id) => !known.has(id.split("#")[0]!)).map((id) => `${j.id}: ${id}`));
    if (unknown.length) throw new Error(`judgements name documents that are not in the library or the bench corpus: ${unknown.join("; ")}`);
    const scored: Scored[] = [];
    for (const judgement of JUDGEMENTS) {
      const { q, scope = "documents", filters = {} } = judgement;
      const result = await services.search.search(viewer, { q, scope, limit: 10, ...filters });
      const top = result.hits.map((hit) => keyOf(hit, slugs));
      const judged = graded(judgement);
      const pass = passes(top, judged, judgement.mustBeEmpty);
      scored.push(judgement.mustBeEmpty ? { judgement, top, pass, rr: null, ndcg: null } : { judgement, top, pass, rr: reciprocalRank(top, judged), ndcg: ndcgAt(top, judged) });
    }
    return scored;
  } finally {
    await close();
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const figures = (rows: Scored[]) => ({
  n: rows.length,
  passRate: mean(rows.map((r) => (r.pass ? 1 : 0))),
  mrr: mean(rows.flatMap((r) => (r.rr === null ? [] : [r.rr]))),
  ndcg10: mean(rows.flatMap((r) => (r.ndcg === null ? [] : [r.ndcg]))),
});
const pct = (v: number) => (Number.isNaN(v) ? "–" : `${(v * 100).toFixed(1)} %`);
const num = (v: number) => (Number.isNaN(v) ? "–" : v.toFixed(3));

function report(name: keyof Thresholds, rows: Scored[]): string[] {
  console.log(`\n${name}: ${rows.length} queries`);
  const line = (label: string, f: ReturnType<typeof figures>) => [label, String(f.n), pct(f.passRate), num(f.mrr), num(f.ndcg10)];
  const overall = figures(rows);
  printTable(
    ["kind", "queries", "pass", "MRR", "nDCG@10"],
    [line("all", overall), ...QUERY_KINDS.map((kind) => line(kind, figures(rows.filter((r) => r.judgement.kind === kind))))],
  );
  const failing = rows.filter((r) => !r.pass);
  if (failing.length) {
    console.log(`\n${name}: failing queries`);
    printTable(
      ["id", "kind", "q", "expected", "got (top 3)"],
      failing.map(({ judgement: j, top }) => [
        j.id,
        j.kind,
        `${j.q}${j.scope === "clauses" ? " [clauses]" : ""}${j.filters ? ` ${JSON.stringify(j.filters)}` : ""}`,
        j.mustBeEmpty ? "(nothing)" : [...(j.expect?.highly ?? []).map((id) => `${id}!`), ...(j.expect?.relevant ?? [])].join(", "),
        top.slice(0, 3).join(", ") || "(nothing)",
      ]),
    );
  }
  const limits = THRESHOLDS[name];
  const below = (["passRate", "mrr", "ndcg10"] as const).filter((m) => overall[m] < limits[m]);
  const kindsBelow = Object.entries(limits.kinds).flatMap(([kind, limit]) => {
    const passRate = figures(rows.filter((r) => r.judgement.kind === kind)).passRate;
    return passRate < limit! ? [`${name} ${kind} pass rate ${pct(passRate)} is below its threshold ${limit}`] : [];
  });
  return [...below.map((m) => `${name} ${m} ${num(overall[m])} is below its threshold ${limits[m]}`), ...kindsBelow];
}

const started = performance.now();
const problems: string[] = [];
const ids = new Set<string>();
for (const j of JUDGEMENTS) {
  if (ids.has(j.id)) problems.push(`judgement id ${j.id} is used twice`);
  ids.add(j.id);
}
console.log(`eval:search: ${JUDGEMENTS.length} judged queries over the starter library and the bench corpus (${EVAL_BENCH_CORPUS.documents} documents, seed ${EVAL_BENCH_CORPUS.seed})`);
problems.push(...report("minisearch", await evaluate(createMiniSearchEngine())));
if (!values["no-meili"]) {
  const meili = await startMeilisearch();
  if (!meili.ok) {
    problems.push(`Meilisearch could not start: ${meili.reason}`);
  } else {
    try {
      const engine = createMeiliSearchEngine({ host: meili.server.host, apiKey: meili.server.apiKey, indexUid: "eval" });
      problems.push(...report("meilisearch", await evaluate(engine)));
    } finally {
      await meili.server.stop();
    }
  }
}
console.log(`\neval:search took ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (problems.length) {
  console.error(`\neval:search FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
