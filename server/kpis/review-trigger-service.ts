// A playbook's review triggers and what they found (ADR 037): rules edited by those who may edit
// the playbook; `checkReviewTriggers` judges them against every outcome recorded on the playbook
// (a periodic job, and the outcomes service's "recorded" hook), stores a finding once per
// (rule, period, clause, fallback) and tells the playbook's owner — or, with none, its
// organisation's admins — once. Findings are sums across every client's outcomes: only the
// provider's staff who open the playbook see them (`readFindings`).
import { can } from "../auth/policy.ts";
import { loadViewers, type Viewer } from "../auth/viewer.ts";
import { REVIEW_TRIGGER_CHECK_INTERVAL_MS } from "../config.ts";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { ACCESS_SELECT, documentResource, readableDocumentsWhere } from "../documents/policy.ts";
import { forbidden, invalid, notFound } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { IdSchema } from "../mandates/schema.ts";
import { notifyOnce } from "../notifications/notify.ts";
import { createPeriodicJob } from "../periodic-job.ts";
import { parseInput } from "../validation.ts";
import { FALLBACK_THIRD_PRESET, describeRule, evaluateTrigger, type FindingDraft, type MonthlyOutcomeCount, type ReviewTriggerRule } from "./review-triggers.ts";
import { ReviewTriggerInputSchema } from "./schema.ts";
import type { OutcomeKind } from "./positions-sql.ts";

export type PresentedReviewTrigger = ReviewTriggerRule & { description: string; createdAt: string };
/** A finding as stored (its draft's numbers and sentence) with the playbook it is about. */
export type PresentedReviewFinding = FindingDraft & { id: string; documentId: string; documentTitle: string; createdAt: string };

const TRIGGER_SELECT = {
  id: true,
  kind: true,
  clauseId: true,
  fallbackIndex: true,
  shareNumerator: true,
  shareDenominator: true,
  minimumDeals: true,
  minimumCount: true,
  createdAt: true,
} as const satisfies Prisma.PlaybookReviewTriggerSelect;

export function createReviewTriggerService({ db, appUrl, logger, now = () => new Date() }: { db: Db; appUrl: string; logger?: Logger; now?: () => Date }) {
  /** The playbook as the viewer may see it: 404 when they may not read it (or it is not a playbook), 403 when they may not `need`. */
  async function requirePlaybook(viewer: Viewer, rawId: unknown, need: "readFindings" | "update") {
    const id = parseInput(IdSchema, rawId);
    const doc = await db.document.findFirst({
      where: { AND: [{ id }, readableDocumentsWhere(viewer)] },
      select: { id: true, title: true, kind: true, ...ACCESS_SELECT },
    });
    const resource = doc && documentResource(doc);
    if (!doc || !resource || !can(viewer, "read", resource) || doc.kind !== "PLAYBOOK") throw notFound("document");
    if (!can(viewer, "readFindings", resource)) throw forbidden("Review findings sum up every client's outcomes: the provider's staff see them.");
    if (need === "update" && !can(viewer, "update", resource)) throw forbidden("Only those who may edit the playbook change its review triggers.");
    return doc;
  }

  /** Each clause's latest recorded name, for the rules' descriptions. */
  async function clauseNamesOf(documentIds: string[]) {
    if (!documentIds.length) return new Map<string, Map<string, string>>();
    const rows = await db.$queryRaw<{ doc: string; clause: string; name: string }[]>(Prisma.sql`
      SELECT DISTINCT ON ("documentId", "clauseId") "documentId" AS doc, "clauseId" AS clause, "clauseName" AS name
      FROM "NegotiationOutcome" WHERE "documentId" = ANY(${documentIds}::text[])
      ORDER BY "documentId", "clauseId", "recordedAt" DESC, "id" DESC`);
    const byDoc = new Map<string, Map<string, string>>();
    for (const r of rows) {
      if (!byDoc.has(r.doc)) byDoc.set(r.doc, new Map());
      byDoc.get(r.doc)!.set(r.clause, r.name);
    }
    return byDoc;
  }

  const presentTrigger = (t: Prisma.PlaybookReviewTriggerGetPayload<{ select: typeof TRIGGER_SELECT }>, names: Map<string, string> | undefined): PresentedReviewTrigger => ({
    ...t,
    description: describeRule(t, t.clauseId ? (names?.get(t.clauseId) ?? null) : null),
    createdAt: t.createdAt.toISOString(),
  });

  const presentFinding = (f: Prisma.PlaybookReviewFindingGetPayload<object>, documentTitle: string): PresentedReviewFinding => ({
    id: f.id,
    documentId: f.documentId,
    documentTitle,
    triggerId: f.triggerId,
    period: f.period,
    clauseId: f.clauseId,
    clauseName: f.clauseName,
    fallbackIndex: f.fallbackIndex,
    count: f.count,
    deals: f.deals,
    sentence: f.sentence,
    createdAt: f.createdAt.toISOString(),
  });

  /** Who is told of a finding: the playbook's owner, or with none its organisation's admins; only those who may see findings on it. */
  async function recipientsOf(doc: { ownerId: string | null; organizationId: string } & Parameters<typeof documentResource>[0], at: Date) {
    const ids = doc.ownerId
      ? [doc.ownerId]
      : (await db.membership.findMany({ where: { organizationId: doc.organizationId, role: "ADMIN" }, select: { userId: true } })).map((m) => m.userId);
    const viewers = await loadViewers(db, ids, at);
    return [...viewers.values()].filter((v) => can(v, "readFindings", documentResource(doc)));
  }

  /**
   * Judges the triggers of `documentIds` (all playbooks with triggers when omitted) against
   * every outcome recorded on them, stores what is new and notifies once. Returns the new findings.
   */
  async function checkReviewTriggers(documentIds?: readonly string[]): Promise<PresentedReviewFinding[]> {
    const at = now();
    const triggers = await db.playbookReviewTrigger.findMany({
      where: documentIds ? { documentId: { in: [...documentIds] } } : {},
      select: { ...TRIGGER_SELECT, documentId: true },
    });
    if (!triggers.length) return [];
    const docIds = [...new Set(triggers.map((t) => t.documentId))];
    const rows = await db.$queryRaw<{ doc: string; month: string; clause: string; outcome: OutcomeKind; fb: number; n: number }[]>(Prisma.sql`
      SELECT "documentId" AS doc, to_char("recordedAt", 'YYYY-MM') AS month, "clauseId" AS clause, "outcome"::text AS outcome,
        coalesce("fallbackIndex", 0) AS fb, count(*)::int AS n
      FROM "NegotiationOutcome" WHERE "documentId" = ANY(${docIds}::text[])
      GROUP BY 1, 2, 3, 4, 5`);
    const countsOf = new Map<string, MonthlyOutcomeCount[]>();
    for (const r of rows) {
      if (!countsOf.has(r.doc)) countsOf.set(r.doc, []);
      countsOf.get(r.doc)!.push({ month: r.month, clauseId: r.clause, outcome: r.outcome, fallbackIndex: r.fb, count: r.n });
    }
    const names = await clauseNamesOf(docIds);
    const drafts = triggers.flatMap((t) => evaluateTrigger(t, countsOf.get(t.documentId) ?? [], names.get(t.documentId) ?? new Map()).map((d) => ({ ...d, documentId: t.documentId })));
    if (!drafts.length) return [];
    // Once per (rule, period, clause, fallback): the unique key skips what an earlier check stored.
    const created = await db.playbookReviewFinding.createManyAndReturn({ data: drafts, skipDuplicates: true });
    if (!created.length) return [];

    const docs = await db.document.findMany({ where: { id: { in: [...new Set(created.map((f) => f.documentId))] } }, select: { id: true, title: true, ...ACCESS_SELECT } });
    const docOf = new Map(docs.map((d) => [d.id, d]));
    const recipients = new Map<string, Viewer[]>();
    for (const d of docs) recipients.set(d.id, await recipientsOf(d, at));
    for (const finding of created) {
      const doc = docOf.get(finding.documentId);
      if (!doc) continue;
      for (const recipient of recipients.get(doc.id) ?? []) {
        await db.$transaction((tx) =>
          notifyOnce(
            tx,
            {
              recipient: { id: recipient.id, email: recipient.email },
              kind: "PLAYBOOK_REVIEW_FINDING",
              title: `Playbook review suggested: ${doc.title}`,
              body: `${finding.sentence}. A review trigger on ${doc.title} fired: consider whether the position still holds.`,
              link: `/documents/${doc.id}`,
              documentId: doc.id,
              onceKey: `playbook-review-finding:${finding.id}:${recipient.id}`,
            },
            appUrl,
          ),
        );
      }
    }
    return created.map((f) => presentFinding(f, docOf.get(f.documentId)?.title ?? ""));
  }

  const job = createPeriodicJob({
    name: "kpis: the playbook review triggers",
    intervalMs: REVIEW_TRIGGER_CHECK_INTERVAL_MS,
    logger,
    run: () => checkReviewTriggers(),
  });

  return {
    checkReviewTriggers,

    /** A playbook's rules and open findings (404 unreadable, 403 for a client member). `mayEdit` says whether the viewer may change the rules and dismiss findings. */
    async forPlaybook(viewer: Viewer, documentId: unknown) {
      const doc = await requirePlaybook(viewer, documentId, "readFindings");
      const [triggers, findings, names] = await Promise.all([
        db.playbookReviewTrigger.findMany({ where: { documentId: doc.id }, select: TRIGGER_SELECT, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
        db.playbookReviewFinding.findMany({ where: { documentId: doc.id, dismissedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
        clauseNamesOf([doc.id]),
      ]);
      return {
        mayEdit: can(viewer, "update", documentResource(doc)),
        triggers: triggers.map((t) => presentTrigger(t, names.get(doc.id))),
        findings: findings.map((f) => presentFinding(f, doc.title)),
      };
    },

    /** Open findings on every playbook the viewer may see findings of (the Reviews page). */
    async openFindings(viewer: Viewer): Promise<(PresentedReviewFinding & { mayDismiss: boolean })[]> {
      const findings = await db.playbookReviewFinding.findMany({
        where: { dismissedAt: null, trigger: { document: readableDocumentsWhere(viewer) } },
        include: { trigger: { select: { document: { select: { id: true, title: true, ...ACCESS_SELECT } } } } },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: 200,
      });
      return findings.flatMap((f) => {
        const resource = documentResource(f.trigger.document);
        return can(viewer, "readFindings", resource) ? [{ ...presentFinding(f, f.trigger.document.title), mayDismiss: can(viewer, "update", resource) }] : [];
      });
    },

    /** Adds a rule (or the NDA preset) to a playbook the viewer may edit; 400 naming each bad field. */
    async addTrigger(viewer: Viewer, documentId: unknown, raw: unknown): Promise<PresentedReviewTrigger> {
      const doc = await requirePlaybook(viewer, documentId, "update");
      const input = parseInput(ReviewTriggerInputSchema, raw);
      const rule =
        "preset" in input
          ? FALLBACK_THIRD_PRESET
          : input.kind === "RED_LINE_IN_MONTH"
            ? { kind: input.kind, clauseId: input.clauseId ?? null, fallbackIndex: null, shareNumerator: null, shareDenominator: null, minimumDeals: 1, minimumCount: input.minimumCount }
            : {
                kind: input.kind,
                clauseId: input.clauseId ?? null,
                fallbackIndex: input.fallbackIndex ?? null,
                shareNumerator: Math.round(input.sharePercent * 100),
                shareDenominator: 10_000,
                minimumDeals: input.minimumDeals,
                minimumCount: null,
              };
      const same = await db.playbookReviewTrigger.findFirst({ where: { documentId: doc.id, ...rule } });
      if (same) throw invalid([{ path: "kind", message: "The playbook already has this trigger." }]);
      const created = await db.playbookReviewTrigger.create({ data: { ...rule, documentId: doc.id, createdById: viewer.id }, select: TRIGGER_SELECT });
      return presentTrigger(created, (await clauseNamesOf([doc.id])).get(doc.id));
    },

    async removeTrigger(viewer: Viewer, documentId: unknown, triggerId: unknown): Promise<void> {
      const doc = await requirePlaybook(viewer, documentId, "update");
      const { count } = await db.playbookReviewTrigger.deleteMany({ where: { id: parseInput(IdSchema, triggerId), documentId: doc.id } });
      if (!count) throw notFound("review trigger");
    },

    /** An editor of the playbook dismisses a finding: it leaves the playbook's page and the Reviews page, and never comes back for that period. */
    async dismissFinding(viewer: Viewer, findingId: unknown): Promise<void> {
      const finding = await db.playbookReviewFinding.findUnique({ where: { id: parseInput(IdSchema, findingId) }, select: { id: true, documentId: true } });
      if (!finding) throw notFound("review finding");
      await requirePlaybook(viewer, finding.documentId, "update").catch((error: unknown) => {
        // A finding on a playbook the viewer may not read is as absent as a made-up id.
        throw error instanceof Error && "status" in error && error.status === 404 ? notFound("review finding") : error;
      });
      await db.playbookReviewFinding.update({ where: { id: finding.id }, data: { dismissedAt: now(), dismissedById: viewer.id } });
    },

    start: job.start,
    stop: job.stop,
  };
}

export type ReviewTriggerService = ReturnType<typeof createReviewTriggerService>;
