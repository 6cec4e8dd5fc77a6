/**
 * KPI benchmark: the portfolio dashboard's queries on a generated portfolio, one run, one table.
 *
 *   npm run bench:kpis                          # 2,000 mandates × 25 = 50,000 deliverables, 50 runs per query
 *   npm run bench:kpis -- --mandates 200        # smaller, for a quick look
 *   npm run bench:kpis -- --runs 20 --seed 7
 *   npm run bench:kpis -- --cache               # keep the generated database in the temp folder and reuse it
 *   npm run bench:kpis -- --outcomes 10 --outcome-playbooks 8   # outcomes per deliverable, spread over fewer playbooks
 *
 * A seeded generator (bench/kpi-portfolio.ts) fills a fresh in-memory PGlite database
 * (server/db/database.ts, migrated as the app does) with one provider, 50 clients, mandates
 * over three years and their deliverables with a realistic status history. Then it times services.kpis as the dashboard calls it —
 * the whole 3-year range, the default 12 months, one client, a 3-month range, one client member,
 * one mandate — and beside them the peer in the same run: the same KPIs computed from one naive
 * findMany with includes (every column of every deliverable, change and link, filtered in
 * memory). Both answers are compared: the bench fails if the figures differ. Goal (issue 5):
 * p95 under 100 ms on the embedded database. Figures compare approaches on one machine.
 *
 * Then a playbook's positions analytics (ADR 037) over `--outcomes` negotiation outcomes per
 * deliverable (10: 500,000 rows at full size, bench/kpi-positions.ts, one bulk INSERT … SELECT),
 * timed as the API calls services.kpis.positionsKpis — the whole 3 years, the default 12 months,
 * one quarter, one client, one perspective — beside its naive peer (findMany every row of the
 * playbook, counted in JavaScript), the answers compared.
 */
import { createKpiService } from "../server/kpis/service.ts";
import { NO_CLIENT_ACCESS, type Viewer } from "../server/auth/viewer.ts";
import type { Db } from "../server/db/database.ts";
import { loadConfig } from "../server/config.ts";
import { createLogger } from "../server/logger.ts";
import { openServices } from "../server/open-services.ts";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generatePortfolio, naivePortfolioKpis } from "./kpi-portfolio.ts";
import { HOLIDAY_CALENDARS } from "../server/calendars/index.ts";
import { generateOutcomes, naivePositions } from "./kpi-positions.ts";
import { cores, ms, percentile, printTable, progress } from "./report.ts";

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const MANDATES = argValue("--mandates", 2_000);
const DELIVERABLES_PER_MANDATE = argValue("--per-mandate", 25);
const RUNS = argValue("--runs", 50);
const NAIVE_RUNS = argValue("--naive-runs", 5);
const SEED = argValue("--seed", 42);
const OUTCOMES_PER_DELIVERABLE = argValue("--outcomes", 10);
/** The generated outcomes are spread over this many playbooks (the portfolio's 40 by default); the bench asks about the first. */
const OUTCOME_PLAYBOOKS = argValue("--outcome-playbooks", 40);
const CLIENTS = 50;
const PLAYBOOKS = 40;
const GOAL_P95_MS = 100;
// v2: deliverables carry the shortcut columns (startedAt, firstDeliveredAt, finalDeliveredAt…); v3: negotiation outcomes;
// v4: their cost from rate cards (costMinor, ADR 039) instead of the mandates' blended rate; v5: calendars, waits and stored turnarounds (ADR 041).
const CACHE = args.includes("--cache")
  ? path.join(os.tmpdir(), `precedent-bench-kpis-v5-${MANDATES}x${DELIVERABLES_PER_MANDATE}x${OUTCOMES_PER_DELIVERABLE}x${OUTCOME_PLAYBOOKS}-seed${SEED}.tar.gz`)
  : null;

const DAY_MS = 86_400_000;
/** A fixed "today", so every run builds and measures the same portfolio. */
const NOW = new Date("2026-11-27T12:00:00Z");
const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/** What generatePortfolio() returns, read back from a cached database. */
async function describeCached(db: Db) {
  const provider = await db.organization.findUniqueOrThrow({ where: { slug: "bench-provider" } });
  const clientUser = await db.user.findUniqueOrThrow({ where: { email: "client@bench.test" } });
  const [mandates, deliverables, changes, links, outcomes, waits] = await Promise.all([
    db.mandate.count(),
    db.deliverable.count(),
    db.deliverableStatusChange.count(),
    db.resourceLink.count(),
    db.negotiationOutcome.count(),
    db.deliverableWait.count(),
  ]);
  return {
    providerId: provider.id,
    clientIds: Array.from({ length: CLIENTS }, (_, i) => `client-${i}`),
    clientUserId: clientUser.id,
    counts: { mandates, deliverables, changes, links, outcomes, waits },
  };
}

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm-up: plans, caches, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    if (i % 5 === 4 || i === runs - 1) progress(label, i + 1, runs);
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  const started = performance.now();
  const cached = CACHE ? await fs.readFile(CACHE).catch(() => null) : null;
  // The server's own factory (ADR 025); migrated (and so analysed) like the server at start: a
  // migration added since the cache was made applies.
  const opened = await openServices({
    config: loadConfig({ DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn" }),
    logger: createLogger("warn"),
    role: "cli",
    database: { kind: "pglite", dataDir: "memory://", ...(cached ? { loadDataDir: new Blob([cached]) } : {}) },
  });
  const database = opened.db;
  const db = database.prisma;
  try {
    const data = cached
      ? await describeCached(db)
      : await generatePortfolio(db, {
          mandates: MANDATES,
          deliverablesPerMandate: DELIVERABLES_PER_MANDATE,
          clients: CLIENTS,
          playbooks: PLAYBOOKS,
          seed: SEED,
          now: NOW,
          onProgress: progress,
        }).then(async (portfolio) => ({
          ...portfolio,
          counts: { ...portfolio.counts, outcomes: await generateOutcomes(db, { perDeliverable: OUTCOMES_PER_DELIVERABLE, playbooks: OUTCOME_PLAYBOOKS, seed: SEED }) },
        }));
    if (CACHE && !cached && database.pglite) {
      await fs.writeFile(CACHE, Buffer.from(await (await database.pglite.dumpDataDir("gzip")).arrayBuffer()));
    }
    const buildS = (performance.now() - started) / 1000;
    console.log(
      `kpis bench: ${data.counts.mandates} mandates, ${data.counts.deliverables} deliverables, ${data.counts.changes} status changes, ` +
        `${data.counts.links} resource links, ${data.counts.waits} waits on the client, ${data.counts.outcomes} negotiation outcomes, ${CLIENTS} clients on ${HOLIDAY_CALENDARS.length} holiday calendars, seed ${SEED}; PGlite in memory, ${cached ? "loaded from the cache" : "built"} in ${buildS.toFixed(1)} s; ` +
        `${RUNS} runs per query; ${cores()} cores, Node ${process.version}`,
    );

    // The bench's fixed clock: the portfolio was generated around NOW.
    const kpis = createKpiService({ db, now: () => NOW });
    const staff: Viewer = {
      id: "bench-staff",
      email: "pm@bench.test",
      name: "PM",
      memberships: [{ organizationId: data.providerId, organizationName: "Bench Provider LLP", organizationKind: "PROVIDER", role: "ADMIN" }],
      // An admin: the portfolio counts every client's mandates (ADR 013).
      clientAccess: NO_CLIENT_ACCESS,
    };
    const clientMember: Viewer = {
      id: data.clientUserId,
      email: "client@bench.test",
      name: "Client member",
      memberships: [{ organizationId: data.clientIds[0]!, organizationName: "Client 0", organizationKind: "CLIENT", role: "CLIENT" }],
      clientAccess: NO_CLIENT_ACCESS,
    };
    const day = (offset: number) => dayKey(new Date(NOW.getTime() + offset * DAY_MS));
    const whole = { from: day(-3 * 365), to: day(0) };

    // The same figures both ways, before any timing: a faster wrong answer is no answer.
    const ours = await kpis.portfolioKpis(staff, whole);
    const naive = await naivePortfolioKpis(db, staff, new Date(`${whole.from}T00:00:00Z`), new Date(`${whole.to}T00:00:00Z`));
    const { client: _client, ...oursComparable } = ours;
    if (JSON.stringify(oursComparable) !== JSON.stringify(naive)) {
      throw new Error("the service's figures differ from the naive computation's: the narrow queries leave something out");
    }

    const rows: { label: string; times: number[]; note: string }[] = [];
    const run = async (label: string, note: string, runs: number, fn: () => Promise<unknown>) => rows.push({ label, note, times: await time(label, runs, fn) });
    const delivered = ours.deliveredPerMonth.reduce((n, m) => n + m.delivered, 0);
    await run("portfolio, 3 years", `${delivered} deliveries in range`, RUNS, () => kpis.portfolioKpis(staff, whole));
    await run("portfolio, 12 months (default)", "", RUNS, () => kpis.portfolioKpis(staff, {}));
    await run("portfolio, one client, 12 months", "the largest client", RUNS, () => kpis.portfolioKpis(staff, { client: data.clientIds[0] }));
    await run("portfolio, 3 months", "", RUNS, () => kpis.portfolioKpis(staff, { from: day(-91), to: day(0) }));
    await run("portfolio, client member", "own organisation, no margin", RUNS, () => kpis.portfolioKpis(clientMember, {}));
    // Opening one mandate needs a place on a team of its client (need-to-know, ADR 013): the admin's alone only discovers it.
    const mandate7 = await db.mandate.findUniqueOrThrow({ where: { id: "mandate-7" }, select: { clientOrganizationId: true } });
    const onTeam: Viewer = { ...staff, clientAccess: { ...NO_CLIENT_ACCESS, teamClientIds: [mandate7.clientOrganizationId] } };
    await run("mandate KPIs", `${DELIVERABLES_PER_MANDATE} deliverables, daily burn-down`, RUNS, () => kpis.mandateKpis(onTeam, "mandate-7"));
    await run("portfolio CSV, 12 months", "", RUNS, () => kpis.portfolioKpisCsv(staff, {}));
    await run("peer: naive findMany + includes, 3 years", "same figures, checked", NAIVE_RUNS, () =>
      naivePortfolioKpis(db, staff, new Date(`${whole.from}T00:00:00Z`), new Date(`${whole.to}T00:00:00Z`)),
    );

    // A playbook's positions analytics, checked against the naive count first.
    const playbook = "doc-0";
    const positions = (query: Record<string, string>) => kpis.positionsKpis(staff, { documentId: playbook, ...query });
    const wholeEnd = new Date(new Date(`${whole.to}T00:00:00Z`).getTime() + DAY_MS);
    const oursPositions = await positions(whole);
    const naive3y = await naivePositions(db, staff, playbook, { from: new Date(`${whole.from}T00:00:00Z`), end: wholeEnd });
    const strip = ({ rates: _rates, ...tally }: (typeof oursPositions)["total"]) => tally;
    const comparable = {
      clauses: oursPositions.clauses
        .map((c) => ({ clauseId: c.clauseId, perspective: c.perspective, tally: strip(c.figures) }))
        .sort((a, b) => (a.clauseId + a.perspective < b.clauseId + b.perspective ? -1 : 1)),
      quarters: oursPositions.byQuarter.map((q) => ({ quarter: q.label, tally: strip(q.total) })),
    };
    if (JSON.stringify(comparable) !== JSON.stringify(naive3y)) {
      throw new Error("the positions query's counts differ from the naive count");
    }
    const playbookRows = oursPositions.total.deals + oursPositions.total.notApplicable;
    const quarter = { from: "2026-07-01", to: "2026-09-30" };
    await run("positions, 3 years", `${playbookRows} outcomes of one playbook`, RUNS, () => positions(whole));
    await run("positions, 12 months (default)", "", RUNS, () => positions({}));
    await run("positions, one quarter", "", RUNS, () => positions(quarter));
    await run("positions, one client, 12 months", "", RUNS, () => positions({ client: data.clientIds[0]! }));
    await run("positions, one perspective, 12 months", "", RUNS, () => positions({ perspective: "recipient" }));
    await run("positions CSV, 12 months", "", RUNS, () => kpis.positionsKpisCsv(staff, { documentId: playbook }));
    await run("peer: positions, naive findMany, 3 years", "same counts, checked", NAIVE_RUNS, () =>
      naivePositions(db, staff, playbook, { from: new Date(`${whole.from}T00:00:00Z`), end: wholeEnd }),
    );

    console.log("");
    printTable(
      ["query", "runs", "p50", "p95", "p99", `p95 < ${GOAL_P95_MS} ms`, "note"],
      rows.map((r) => [
        r.label,
        String(r.times.length),
        ms(percentile(r.times, 50)),
        ms(percentile(r.times, 95)),
        ms(percentile(r.times, 99)),
        r.label.startsWith("peer") ? "—" : percentile(r.times, 95) < GOAL_P95_MS ? "yes" : "NO",
        r.note,
      ]),
    );
    const ratio = (ours: string, peer: string) => {
      const [a, b] = [rows.find((r) => r.label === ours)!.times, rows.find((r) => r.label === peer)!.times];
      return (percentile(b, 50) / percentile(a, 50)).toFixed(1);
    };
    console.log(`\np50 naive/narrow on the 3-year portfolio: ${ratio("portfolio, 3 years", "peer: naive findMany + includes, 3 years")}×`);
    console.log(`p50 naive/GROUP BY on the 3-year positions: ${ratio("positions, 3 years", "peer: positions, naive findMany, 3 years")}×`);
  } finally {
    await opened.close();
  }
}

await main();
