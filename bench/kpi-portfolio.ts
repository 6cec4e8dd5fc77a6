/**
 * A generated portfolio for the KPI benchmark and the rollup tests: one provider, clients,
 * mandates in three currencies and pricing models over three years, their deliverables with a
 * realistic status history (started, delivered, accepted, some rejected and redelivered, some
 * without due date, some requested by the client, some waiting on the client for a while), each
 * mandate on one of the holiday calendars, the SLA clock stored as the mandates service stores it
 * (ADR 041), and resource links to playbooks (some through a toolkit). Seeded, so every
 * run builds the same portfolio. Also the naive peer: the same KPIs from one findMany with
 * includes, computed in memory by the pure formulas.
 */
import { computePortfolioKpis, presentPortfolioKpis, type DeliverableInput, type MandateInput } from "../server/kpis/index.ts";
import type { Viewer } from "../server/auth/viewer.ts";
import type { Db } from "../server/db/database.ts";
import { readableMandatesWhere } from "../server/mandates/policy.ts";
import { costOfMinutes } from "../server/mandates/money.ts";
import { timestampsFor, type DeliverableTimestamps } from "../server/mandates/transitions.ts";
import { HOLIDAY_CALENDARS } from "../server/calendars/index.ts";
import { measureTurnaround } from "../server/sla/turnaround.ts";
import { seededRandom } from "./search-corpus.ts";

const DAY_MS = 86_400_000;
const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const midnight = (d: Date) => new Date(`${dayKey(d)}T00:00:00Z`);

const TYPES = ["memo", "contract review", "NDA", "opinion", "board minutes", "due diligence report"] as const;
const CURRENCIES = ["EUR", "EUR", "EUR", "GBP", "GBP", "USD"] as const;
const PRICING = ["FIXED_PER_DELIVERABLE", "FIXED_PER_DELIVERABLE", "CAPPED", "FIXED_PER_PERIOD"] as const;
const BATCH = 5_000;

type Status = "NOT_STARTED" | "IN_PROGRESS" | "IN_REVIEW" | "WAITING_ON_CLIENT" | "DELIVERED" | "ACCEPTED" | "REJECTED";
/** Deliveries before this were measured by the old clock: stored as v1, as the ADR 041 migration left them. */
const V2_FROM = new Date("2025-01-01T00:00:00Z");

export type PortfolioOptions = {
  mandates: number;
  deliverablesPerMandate: number;
  clients: number;
  playbooks: number;
  seed: number;
  /** "Today": nothing happens after it. */
  now: Date;
  /** Told after each batch is inserted. */
  onProgress?: (label: string, done: number, total: number) => void;
};

export type GeneratedPortfolio = {
  providerId: string;
  clientIds: string[];
  clientUserId: string;
  counts: { mandates: number; deliverables: number; changes: number; links: number; waits: number };
};

export async function generatePortfolio(db: Db, options: PortfolioOptions): Promise<GeneratedPortfolio> {
  const { now: NOW } = options;
  const random = seededRandom(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  // The SLA's choices draw from their own stream, so the rest of the portfolio stays as it was before them.
  const slaRandom = seededRandom(options.seed + 1);
  const slaChance = (p: number) => slaRandom() < p;
  const insertBatches = async <T>(label: string, rows: T[], insert: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await insert(rows.slice(i, i + BATCH));
      options.onProgress?.(label, Math.min(i + BATCH, rows.length), rows.length);
    }
  };

  const provider = await db.organization.create({ data: { name: "Bench Provider LLP", slug: "bench-provider", kind: "PROVIDER" } });
  const clients = Array.from({ length: options.clients }, (_, i) => ({ id: `client-${i}`, name: `Client ${i}`, slug: `client-${i}`, kind: "CLIENT" as const }));
  await db.organization.createMany({ data: clients });
  const clientUser = await db.user.create({ data: { email: "client@bench.test", name: "Client member" } });
  await db.membership.create({ data: { userId: clientUser.id, organizationId: clients[0]!.id, role: "CLIENT" } });

  const documents = Array.from({ length: options.playbooks + 5 }, (_, i) => ({
    id: `doc-${i}`,
    organizationId: provider.id,
    kind: i < options.playbooks ? ("PLAYBOOK" as const) : ("TOOLKIT" as const),
    title: i < options.playbooks ? `Playbook ${String(i).padStart(2, "0")}` : `Toolkit ${i}`,
    status: "PUBLISHED" as const,
    visibility: i % 3 === 0 ? ("SHARED" as const) : ("INTERNAL" as const),
  }));
  await db.document.createMany({ data: documents });
  // Published means a publication readers read (ADR 012): clients see nothing without one.
  await db.documentVersion.createMany({
    data: documents.map((d) => ({
      id: `${d.id}-v1`,
      documentId: d.id,
      number: 1,
      name: "Published",
      reason: "PUBLISH" as const,
      ydocState: new Uint8Array(),
      contentJson: { type: "doc", content: [] },
      contentText: "",
      publishOverrideReason: "bench",
    })),
  });
  for (const d of documents) await db.document.update({ where: { id: d.id }, data: { publishedVersionId: `${d.id}-v1` } });
  await db.documentShare.createMany({
    data: documents.filter((d) => d.visibility === "SHARED").flatMap((d) => clients.slice(0, 5).map((c) => ({ documentId: d.id, organizationId: c.id }))),
  });

  const mandates = [];
  const deliverables = [];
  const changes: { id: string; deliverableId: string; mandateId: string; fromStatus: Status | null; toStatus: Status; at: Date }[] = [];
  const links = [];
  const waits: { id: string; deliverableId: string; reason: string; startedAt: Date; endedAt: Date }[] = [];
  for (let m = 0; m < options.mandates; m++) {
    const id = `mandate-${m}`;
    const calendar = HOLIDAY_CALENDARS[Math.floor(slaRandom() * HOLIDAY_CALENDARS.length)]!;
    const start = midnight(new Date(NOW.getTime() - int(20, 3 * 365) * DAY_MS));
    const currency = pick(CURRENCIES);
    // The deliverables' cost as rate cards make it from time entries (ADR 039): here a rate per
    // mandate, or none (its time unrated, the margin not measured).
    const hourlyRate = chance(0.7) ? BigInt(int(40, 180) * 100) : null;
    mandates.push({
      id,
      providerOrganizationId: provider.id,
      clientOrganizationId: clients[Math.floor(Math.pow(random(), 1.5) * options.clients)]!.id,
      title: `Mandate ${m}`,
      reference: `B-${m}`,
      status: "ACTIVE" as const,
      pricingModel: pick(PRICING),
      currency,
      budgetMinor: BigInt(int(50, 500) * 100_000),
      startDate: start,
      targetDate: chance(0.9) ? new Date(start.getTime() + int(60, 365) * DAY_MS) : null,
      serviceLevels: TYPES.slice(0, 3).map((deliverableType, i) => ({ deliverableType, turnaroundBusinessDays: 3 + i * 2 })),
      timeZone: calendar.timeZone,
      holidayCalendar: calendar.id,
    });
    for (let l = 0; l < 4; l++) {
      const viaToolkit = chance(0.3);
      links.push({ mandateId: id, documentId: `doc-${int(0, options.playbooks - 1)}`, attachedAt: new Date(start.getTime() + int(0, 10) * DAY_MS), viaToolkitId: viaToolkit ? `doc-${options.playbooks + int(0, 4)}` : null });
    }
    for (let d = 0; d < options.deliverablesPerMandate; d++) {
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
      const requestedAt = slaChance(0.2) ? new Date(created.getTime() - Math.floor(slaRandom() * 3 * DAY_MS)) : null;
      const span = delivered.getTime() - started.getTime();
      const wait =
        delivered <= NOW && span >= 2 * DAY_MS && slaChance(0.25)
          ? { id: `${deliverableId}-w`, deliverableId, reason: "Waiting for the signed instructions", startedAt: new Date(started.getTime() + span * 0.2), endedAt: new Date(started.getTime() + span * 0.6) }
          : null;
      if (wait) {
        waits.push(wait);
        history.push({ toStatus: "WAITING_ON_CLIENT", at: wait.startedAt }, { toStatus: "IN_PROGRESS", at: wait.endedAt });
      }
      history.sort((a, b) => a.at.getTime() - b.at.getTime());
      // The shortcut columns as the mandates service sets them, move by move (timestampsFor): the
      // portfolio SQL reads them, and the check below compares it with the formulas over the history.
      const stamps: DeliverableTimestamps & Record<string, Date | null> = { startedAt: null, firstDeliveredAt: null, deliveredAt: null };
      for (const h of history.slice(1)) Object.assign(stamps, timestampsFor(h.toStatus, h.at, stamps));
      const effortMinutes = chance(0.8) ? int(30, 1_200) : null;
      const first = stamps.firstDeliveredAt;
      const v1 = first !== null && first < V2_FROM;
      deliverables.push({
        ...stamps,
        requestedAt,
        // The clock as the service stores it at the first delivery; a v1 figure is whatever the old clock gave, from the start of work.
        turnaroundBusinessDays: first
          ? measureTurnaround(v1 ? { requestedAt: stamps.startedAt, createdAt: created } : { requestedAt, createdAt: created }, first, { timeZone: calendar.timeZone, holidayCalendar: calendar.id }, v1 ? [] : wait ? [wait] : [])
          : null,
        turnaroundDefinition: first ? (v1 ? "v1" : "v2") : null,
        id: deliverableId,
        mandateId: id,
        title: `Deliverable ${d}`,
        type: pick(TYPES),
        dueDate: chance(0.9) ? midnight(new Date(created.getTime() + int(5, 30) * DAY_MS)) : null,
        feeMinor: BigInt(int(5, 50) * 10_000),
        status: history.at(-1)!.toStatus,
        effortMinutes,
        costMinor: effortMinutes !== null && hourlyRate !== null ? costOfMinutes(effortMinutes, hourlyRate) : null,
        unratedMinutes: effortMinutes !== null && hourlyRate === null ? effortMinutes : 0,
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
  await insertBatches("waits on the client", waits, (batch) => db.deliverableWait.createMany({ data: batch }));
  // PGlite runs no autovacuum: without statistics the planner guesses. A real server analyses by itself.
  await db.$executeRawUnsafe("ANALYZE");
  return {
    providerId: provider.id,
    clientIds: clients.map((c) => c.id),
    clientUserId: clientUser.id,
    counts: { mandates: mandates.length, deliverables: deliverables.length, changes: changes.length, links: links.length, waits: waits.length },
  };
}

/**
 * The peer: what a first version would do — one findMany with includes for everything the viewer
 * may read, every column, then filter and compute in memory. Same formulas, so the figures must match.
 */
export async function naivePortfolioKpis(db: Db, viewer: Viewer, from: Date, to: Date) {
  const rows = await db.mandate.findMany({
    where: readableMandatesWhere(viewer, "discover"),
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
