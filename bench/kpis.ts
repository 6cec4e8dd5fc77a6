/**
 * KPI benchmark: the portfolio dashboard's queries on a generated portfolio, one run, one table.
 *
 *   npm run bench:kpis                          # 2,000 mandates × 25 = 50,000 deliverables, 50 runs per query
 *   npm run bench:kpis -- --mandates 200        # smaller, for a quick look
 *   npm run bench:kpis -- --runs 20 --seed 7
 *   npm run bench:kpis -- --cache               # keep the generated database in the temp folder and reuse it
 *
 * A seeded generator fills a fresh in-memory PGlite database (server/db/database.ts, migrated as
 * the app does) with one provider, 50 clients, mandates in three currencies and pricing models
 * over three years, their deliverables with a realistic status history (started, delivered,
 * accepted, some rejected and redelivered, some without due date) and resource links to
 * playbooks (some through a toolkit). Then it times services.kpis as the dashboard calls it —
 * the whole 3-year range, the default 12 months, one client, a 3-month range, one client member,
 * one mandate — and beside them the peer in the same run: the same KPIs computed from one naive
 * findMany with includes (every column of every deliverable, change and link, filtered in
 * memory). Both answers are compared: the bench fails if the figures differ. Goal (issue 5):
 * p95 under 100 ms on the embedded database. Figures compare approaches on one machine.
 */
import { computePortfolioKpis, presentPortfolioKpis, type DeliverableInput, type MandateInput } from "../server/kpis/index.ts";
import { createKpiService } from "../server/kpis/service.ts";
import type { Viewer } from "../server/auth/viewer.ts";
import { openDatabase, type Db } from "../server/db/database.ts";
import { readableMandatesWhere } from "../server/mandates/policy.ts";
import { timestampsFor, type DeliverableTimestamps } from "../server/mandates/transitions.ts";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { seededRandom } from "./search-corpus.ts";
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
const CLIENTS = 50;
const PLAYBOOKS = 40;
const GOAL_P95_MS = 100;
const BATCH = 5_000;
// v2: deliverables carry the shortcut columns (startedAt, firstDeliveredAt, finalDeliveredAt…).
const CACHE = args.includes("--cache") ? path.join(os.tmpdir(), `precedent-bench-kpis-v2-${MANDATES}x${DELIVERABLES_PER_MANDATE}-seed${SEED}.tar.gz`) : null;

const DAY_MS = 86_400_000;
/** A fixed "today", so every run builds and measures the same portfolio. */
const NOW = new Date("2026-11-27T12:00:00Z");
const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const midnight = (d: Date) => new Date(`${dayKey(d)}T00:00:00Z`);

const random = seededRandom(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const chance = (p: number) => random() < p;

const TYPES = ["memo", "contract review", "NDA", "opinion", "board minutes", "due diligence report"] as const;
const CURRENCIES = ["EUR", "EUR", "EUR", "GBP", "GBP", "USD"] as const;
const PRICING = ["FIXED_PER_DELIVERABLE", "FIXED_PER_DELIVERABLE", "CAPPED", "FIXED_PER_PERIOD"] as const;

type Status = "NOT_STARTED" | "IN_PROGRESS" | "IN_REVIEW" | "DELIVERED" | "ACCEPTED" | "REJECTED";

async function insertBatches<T>(label: string, rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await insert(rows.slice(i, i + BATCH));
    progress(label, Math.min(i + BATCH, rows.length), rows.length);
  }
}

async function generate(db: Db) {
  const provider = await db.organization.create({ data: { name: "Bench Provider LLP", slug: "bench-provider", kind: "PROVIDER" } });
  const clients = Array.from({ length: CLIENTS }, (_, i) => ({ id: `client-${i}`, name: `Client ${i}`, slug: `client-${i}`, kind: "CLIENT" as const }));
  await db.organization.createMany({ data: clients });
  const clientUser = await db.user.create({ data: { email: "client@bench.test", name: "Client member" } });
  await db.membership.create({ data: { userId: clientUser.id, organizationId: clients[0]!.id, role: "CLIENT" } });

  const documents = Array.from({ length: PLAYBOOKS + 5 }, (_, i) => ({
    id: `doc-${i}`,
    organizationId: provider.id,
    kind: i < PLAYBOOKS ? ("PLAYBOOK" as const) : ("TOOLKIT" as const),
    title: i < PLAYBOOKS ? `Playbook ${String(i).padStart(2, "0")}` : `Toolkit ${i}`,
    status: "PUBLISHED" as const,
    visibility: i % 3 === 0 ? ("SHARED" as const) : ("INTERNAL" as const),
  }));
  await db.document.createMany({ data: documents });
  await db.documentShare.createMany({
    data: documents.filter((d) => d.visibility === "SHARED").flatMap((d) => clients.slice(0, 5).map((c) => ({ documentId: d.id, organizationId: c.id }))),
  });

  const mandates = [];
  const deliverables = [];
  const changes: { id: string; deliverableId: string; mandateId: string; fromStatus: Status | null; toStatus: Status; at: Date }[] = [];
  const links = [];
  for (let m = 0; m < MANDATES; m++) {
    const id = `mandate-${m}`;
    const start = midnight(new Date(NOW.getTime() - int(20, 3 * 365) * DAY_MS));
    const currency = pick(CURRENCIES);
    mandates.push({
      id,
      providerOrganizationId: provider.id,
      clientOrganizationId: clients[Math.floor(Math.pow(random(), 1.5) * CLIENTS)]!.id,
      title: `Mandate ${m}`,
      reference: `B-${m}`,
      status: "ACTIVE" as const,
      pricingModel: pick(PRICING),
      currency,
      budgetMinor: BigInt(int(50, 500) * 100_000),
      costRateMinor: chance(0.7) ? BigInt(int(40, 180) * 100) : null,
      startDate: start,
      targetDate: chance(0.9) ? new Date(start.getTime() + int(60, 365) * DAY_MS) : null,
      serviceLevels: TYPES.slice(0, 3).map((deliverableType, i) => ({ deliverableType, turnaroundBusinessDays: 3 + i * 2 })),
    });
    for (let l = 0; l < 4; l++) {
      const viaToolkit = chance(0.3);
      links.push({ mandateId: id, documentId: `doc-${int(0, PLAYBOOKS - 1)}`, attachedAt: new Date(start.getTime() + int(0, 10) * DAY_MS), viaToolkitId: viaToolkit ? `doc-${PLAYBOOKS + int(0, 4)}` : null });
    }
    for (let d = 0; d < DELIVERABLES_PER_MANDATE; d++) {
      const deliverableId = `${id}-d${d}`;
      const created = new Date(start.getTime() + int(0, 30) * DAY_MS + int(8, 18) * 3_600_000);
      const history: { toStatus: Status; at: Date }[] = [{ toStatus: "NOT_STARTED", at: created }];
      const push = (toStatus: Status, at: Date) => {
        if (at <= NOW) history.push({ toStatus, at });
      };
      const started = new Date(created.getTime() + int(0, 5) * DAY_MS);
      push("IN_PROGRESS", started);
      const delivered = new Date(started.getTime() + int(1, 21) * DAY_MS);
      if (chance(0.3)) push("IN_REVIEW", new Date(delivered.getTime() - DAY_MS));
      push("DELIVERED", delivered);
      if (chance(0.08)) {
        push("REJECTED", new Date(delivered.getTime() + 2 * DAY_MS));
        if (chance(0.6)) push("DELIVERED", new Date(delivered.getTime() + int(4, 10) * DAY_MS));
      } else if (chance(0.6)) {
        push("ACCEPTED", new Date(delivered.getTime() + int(1, 5) * DAY_MS));
      }
      if (history.at(-1)!.toStatus === "REJECTED" && chance(0.5)) push("IN_PROGRESS", new Date(delivered.getTime() + 3 * DAY_MS));
      history.sort((a, b) => a.at.getTime() - b.at.getTime());
      // The shortcut columns as the mandates service sets them, move by move (timestampsFor): the
      // portfolio SQL reads them, and the check below compares it with the formulas over the history.
      const stamps: DeliverableTimestamps & Record<string, Date | null> = { startedAt: null, firstDeliveredAt: null, deliveredAt: null };
      for (const h of history.slice(1)) Object.assign(stamps, timestampsFor(h.toStatus, h.at, stamps));
      deliverables.push({
        ...stamps,
        id: deliverableId,
        mandateId: id,
        title: `Deliverable ${d}`,
        type: pick(TYPES),
        dueDate: chance(0.9) ? midnight(new Date(created.getTime() + int(5, 30) * DAY_MS)) : null,
        feeMinor: BigInt(int(5, 50) * 10_000),
        status: history.at(-1)!.toStatus,
        effortMinutes: chance(0.8) ? int(30, 1_200) : null,
        createdAt: created,
      });
      history.forEach((h, i) =>
        changes.push({ id: `${deliverableId}-c${i}`, deliverableId, mandateId: id, fromStatus: i === 0 ? null : history[i - 1]!.toStatus, toStatus: h.toStatus, at: h.at }),
      );
    }
  }
  await insertBatches("mandates", mandates, (batch) => db.mandate.createMany({ data: batch }));
  await insertBatches("deliverables", deliverables, (batch) => db.deliverable.createMany({ data: batch }));
  await insertBatches("status changes", changes, (batch) => db.deliverableStatusChange.createMany({ data: batch }));
  await insertBatches("resource links", links, (batch) => db.resourceLink.createMany({ data: batch }));
  // PGlite runs no autovacuum: without statistics the planner guesses. A real server analyses by itself.
  if (!args.includes("--no-analyze")) await db.$executeRawUnsafe("ANALYZE");
  return {
    providerId: provider.id,
    clientIds: clients.map((c) => c.id),
    clientUserId: clientUser.id,
    counts: { mandates: mandates.length, deliverables: deliverables.length, changes: changes.length, links: links.length },
  };
}

/** What generate() returns, read back from a cached database. */
async function describeCached(db: Db) {
  const provider = await db.organization.findUniqueOrThrow({ where: { slug: "bench-provider" } });
  const clientUser = await db.user.findUniqueOrThrow({ where: { email: "client@bench.test" } });
  const [mandates, deliverables, changes, links] = await Promise.all([
    db.mandate.count(),
    db.deliverable.count(),
    db.deliverableStatusChange.count(),
    db.resourceLink.count(),
  ]);
  return {
    providerId: provider.id,
    clientIds: Array.from({ length: CLIENTS }, (_, i) => `client-${i}`),
    clientUserId: clientUser.id,
    counts: { mandates, deliverables, changes, links },
  };
}

/**
 * The peer: what a first version would do — one findMany with includes for everything the viewer
 * may read, every column, then filter and compute in memory. Same formulas, so the figures must match.
 */
async function naivePortfolio(db: Db, viewer: Viewer, from: Date, to: Date) {
  const rows = await db.mandate.findMany({
    where: readableMandatesWhere(viewer),
    include: { deliverables: { include: { statusChanges: true } }, resourceLinks: { include: { document: true } } },
  });
  const end = new Date(to.getTime() + DAY_MS);
  const mandates: MandateInput[] = rows.map((m) => ({
    id: m.id,
    clientOrganizationId: m.clientOrganizationId,
    pricingModel: m.pricingModel,
    currency: m.currency,
    budgetMinor: m.budgetMinor,
    startDate: m.startDate,
    targetDate: m.targetDate,
    serviceLevels: m.serviceLevels as { deliverableType: string; turnaroundBusinessDays: number }[],
    costRateMinorPerHour: m.costRateMinor,
  }));
  const deliverables: DeliverableInput[] = rows.flatMap((m) =>
    m.deliverables.map((d) => ({ ...d, statusChanges: d.statusChanges.map((c) => ({ to: c.toStatus, at: c.at })) })),
  );
  const usage = new Map<string, { documentId: string; title: string; linkCount: number }>();
  for (const link of rows.flatMap((m) => m.resourceLinks)) {
    if (link.document.kind !== "PLAYBOOK" || link.attachedAt < from || link.attachedAt >= end) continue;
    const u = usage.get(link.documentId) ?? { documentId: link.documentId, title: link.document.title, linkCount: 0 };
    u.linkCount += 1;
    usage.set(link.documentId, u);
  }
  return presentPortfolioKpis(computePortfolioKpis({ mandates, deliverables, playbookUsage: [...usage.values()], range: { from, to } }));
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
  const database = cached
    ? // Migrated (and so analysed) like the server at start: a migration added since the cache was made applies.
      await openDatabase({ kind: "pglite", dataDir: "memory://", loadDataDir: new Blob([cached]) })
    : await openDatabase({ kind: "pglite", dataDir: "memory://" });
  const db = database.prisma;
  try {
    const data = cached ? await describeCached(db) : await generate(db);
    if (CACHE && !cached && database.pglite) {
      await fs.writeFile(CACHE, Buffer.from(await (await database.pglite.dumpDataDir("gzip")).arrayBuffer()));
    }
    const buildS = (performance.now() - started) / 1000;
    console.log(
      `kpis bench: ${data.counts.mandates} mandates, ${data.counts.deliverables} deliverables, ${data.counts.changes} status changes, ` +
        `${data.counts.links} resource links, ${CLIENTS} clients, seed ${SEED}; PGlite in memory, ${cached ? "loaded from the cache" : "built"} in ${buildS.toFixed(1)} s; ` +
        `${RUNS} runs per query; ${cores()} cores, Node ${process.version}`,
    );

    const kpis = createKpiService({ db, now: () => NOW });
    const staff: Viewer = {
      id: "bench-staff",
      email: "pm@bench.test",
      name: "PM",
      memberships: [{ organizationId: data.providerId, organizationName: "Bench Provider LLP", organizationKind: "PROVIDER", role: "EDITOR" }],
    };
    const clientMember: Viewer = {
      id: data.clientUserId,
      email: "client@bench.test",
      name: "Client member",
      memberships: [{ organizationId: data.clientIds[0]!, organizationName: "Client 0", organizationKind: "CLIENT", role: "CLIENT" }],
    };
    const day = (offset: number) => dayKey(new Date(NOW.getTime() + offset * DAY_MS));
    const whole = { from: day(-3 * 365), to: day(0) };

    // The same figures both ways, before any timing: a faster wrong answer is no answer.
    const ours = await kpis.portfolioKpis(staff, whole);
    const naive = await naivePortfolio(db, staff, new Date(`${whole.from}T00:00:00Z`), new Date(`${whole.to}T00:00:00Z`));
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
    await run("mandate KPIs", `${DELIVERABLES_PER_MANDATE} deliverables, daily burn-down`, RUNS, () => kpis.mandateKpis(staff, "mandate-7"));
    await run("portfolio CSV, 12 months", "", RUNS, () => kpis.portfolioKpisCsv(staff, {}));
    await run("peer: naive findMany + includes, 3 years", "same figures, checked", NAIVE_RUNS, () =>
      naivePortfolio(db, staff, new Date(`${whole.from}T00:00:00Z`), new Date(`${whole.to}T00:00:00Z`)),
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
    const ourWhole = rows[0]!.times;
    const peer = rows.at(-1)!.times;
    console.log(`\np50 naive/narrow on the 3-year portfolio: ${(percentile(peer, 50) / percentile(ourWhole, 50)).toFixed(1)}×`);
  } finally {
    await database.close();
  }
}

await main();
