import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { NegotiationOutcome, Prisma } from "../db/generated/client.ts";
import type { ClauseSummary } from "../documents/derive.ts";
import { ACCESS_SELECT, documentResource } from "../documents/policy.ts";
import { AppError, conflict, notFound, type Issue } from "../errors.ts";
import { createMandateGuards, requireOpen } from "../mandates/guards.ts";
import { mandateResource } from "../mandates/policy.ts";
import { DELIVERED_STATUSES } from "../mandates/transitions.ts";
import { notifyOnce } from "../notifications/notify.ts";
import { approverFor, holdsRole, roleHolders, type RoleHolder } from "./approvers.ts";
import { linkedPlaybooks, positionsFor, type LinkedPlaybook } from "./checklist.ts";
import { ApprovalDecisionSchema, OutcomesInputSchema, type OutcomeKindName } from "./schema.ts";

/**
 * Negotiation outcomes on a deliverable (ADR 036): the checklist of its mandate's playbooks'
 * positions, what was agreed on each (one row per deliverable, playbook and clause), and the
 * approvals the playbooks ask for. The team's editors record; the role's holders (or a provider
 * admin, on their behalf) decide; the client's members read their own mandate's outcomes.
 */

const PERSON = { select: { id: true, name: true } } as const;
const ROW_INCLUDE = { recordedBy: PERSON, approvalDecidedBy: PERSON } as const satisfies Prisma.NegotiationOutcomeInclude;
export type OutcomeRow = Prisma.NegotiationOutcomeGetPayload<{ include: typeof ROW_INCLUDE }>;

/** An approval as the checklist shows it: who holds the role, and whether this viewer may decide. */
export type ApprovalView = { holders: RoleHolder[]; viewerMayDecide: boolean };

const OUTCOME_WORDS: Record<OutcomeKindName, string> = {
  PREFERRED: "the preferred position",
  FALLBACK: "a fallback",
  GREY_ZONE: "a grey zone position",
  RED_LINE: "the red line",
  NOT_APPLICABLE: "not applicable",
};
/** "fallback 2", "the red line": an outcome in words, for mail and the status report. */
export const outcomeWords = (outcome: OutcomeKindName, fallbackIndex: number | null) =>
  outcome === "FALLBACK" && fallbackIndex ? `fallback ${fallbackIndex}` : OUTCOME_WORDS[outcome];

/** 422 listing each refused path: a body that does not fit, or outcomes the playbook does not have. */
const invalidOutcomes = (issues: Issue[]) => new AppError(422, "invalid_outcomes", "Some outcomes cannot be recorded: nothing was saved.", { issues });

function parseOrRefuse<T>(schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidOutcomes(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  return parsed.data;
}

export function createOutcomeService({
  db,
  appUrl,
  now = () => new Date(),
  onRecorded = async () => {},
}: {
  db: Db;
  appUrl: string;
  now?: () => Date;
  /** After a save that changed outcomes of this playbook: its review triggers are checked (ADR 037) before the answer. */
  onRecorded?: (documentId: string) => Promise<void>;
}) {
  const guards = createMandateGuards({ db });

  type Deliverable = Awaited<ReturnType<typeof guards.requireDeliverable>>;

  /** The outcomes of a delivered or accepted deliverable are on the record (ADR 020): they no longer change. */
  function requireNotDelivered(deliverable: Deliverable) {
    if (DELIVERED_STATUSES.includes(deliverable.status)) {
      throw conflict("outcomes_locked", `This deliverable is ${deliverable.status.toLowerCase()}: its outcomes are on the record and no longer change.`);
    }
  }

  const mayRecord = (viewer: Viewer, deliverable: Deliverable) =>
    can(viewer, "recordOutcome", mandateResource(deliverable.mandate)) && !DELIVERED_STATUSES.includes(deliverable.status) && deliverable.mandate.status !== "COMPLETED" && deliverable.mandate.status !== "CANCELLED";

  /** Holders of each role among the rows' pending approvals, for this viewer. */
  async function approvalViews(viewer: Viewer, deliverable: Deliverable, playbooks: LinkedPlaybook[], rows: OutcomeRow[]) {
    const views = new Map<string, ApprovalView>();
    const overrides = can(viewer, "decideAnyApproval", mandateResource(deliverable.mandate));
    // Looked up once per playbook and role: a deal's pending approvals often wait on one role.
    const holdersOf = new Map<string, RoleHolder[]>();
    for (const row of rows) {
      if (row.approvalStatus !== "PENDING" || !row.approverRole) continue;
      const key = `${row.documentId}\u0000${row.approverRole}`;
      let holders = holdersOf.get(key);
      if (!holders) {
        const playbook = playbooks.find((p) => p.document.id === row.documentId)!;
        holders = await roleHolders(db, deliverable.mandate, row.approverRole, playbook.resource);
        holdersOf.set(key, holders);
      }
      views.set(row.id, { holders, viewerMayDecide: overrides || holders.some((h) => h.id === viewer.id) });
    }
    return views;
  }

  async function checklistOf(viewer: Viewer, deliverable: Deliverable) {
    const playbooks = await linkedPlaybooks(db, viewer, deliverable);
    const rows = await db.negotiationOutcome.findMany({
      where: { deliverableId: deliverable.id, documentId: { in: playbooks.map((p) => p.document.id) } },
      include: ROW_INCLUDE,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    });
    const client = await db.organization.findUniqueOrThrow({ where: { id: deliverable.mandate.clientOrganizationId }, select: { id: true, name: true } });
    return {
      deliverable,
      mandate: deliverable.mandate,
      client,
      playbooks,
      rows,
      approvals: await approvalViews(viewer, deliverable, playbooks, rows),
      mayRecord: mayRecord(viewer, deliverable),
      locked: DELIVERED_STATUSES.includes(deliverable.status),
    };
  }

  return {
    /** GET: the deliverable's checklist with its outcomes and approvals (404 for whoever may not read the deliverable). */
    async checklist(viewer: Viewer, deliverableId: unknown) {
      return checklistOf(viewer, await guards.requireDeliverable(viewer, deliverableId, "read"));
    },

    /**
     * PUT: records one playbook's outcomes for the deliverable, all or none. A changed outcome
     * (or a new one) is stamped `recordedAt` now and its approval starts over: pending, with the
     * role's holders notified, when the playbook names an approver. Note, final wording and
     * counterparty alone change neither.
     */
    async record(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      // Parsed before any lookup: a malformed body is a 422 whoever asks.
      const input = parseOrRefuse(OutcomesInputSchema, raw);
      const deliverable = await guards.requireDeliverable(viewer, deliverableId, "read");
      const mandate = deliverable.mandate;
      authorize(viewer, "recordOutcome", mandateResource(mandate));
      requireOpen(mandate);
      requireNotDelivered(deliverable);

      const playbook = (await linkedPlaybooks(db, viewer, deliverable)).find((p) => p.document.id === input.documentId);
      if (!playbook) throw invalidOutcomes([{ path: "documentId", message: "This playbook is not linked to the deliverable or its mandate." }]);
      const issues: Issue[] = [];
      if (input.perspective && !playbook.perspectives.includes(input.perspective)) {
        issues.push({ path: "perspective", message: `This playbook has no perspective “${input.perspective}”.` });
      }
      const shown = new Map(positionsFor(playbook.positions, input.perspective).map((p) => [p.clauseId, p]));
      const seen = new Set<string>();
      const entries: Array<{ clause: ClauseSummary; outcome: OutcomeKindName; fallbackIndex: number | null; note?: string; finalWording?: string }> = [];
      input.outcomes.forEach((entry, i) => {
        const clause = shown.get(entry.clauseId);
        if (!clause) {
          issues.push({ path: `outcomes.${i}.clauseId`, message: "This playbook has no such clause for this perspective." });
          return;
        }
        if (seen.has(entry.clauseId)) issues.push({ path: `outcomes.${i}.clauseId`, message: "This clause is already in the list." });
        seen.add(entry.clauseId);
        const fallbackIndex = entry.fallbackIndex ?? null;
        if (entry.outcome === "FALLBACK") {
          const n = clause.fallbacks.length;
          if (!fallbackIndex || fallbackIndex > n) {
            issues.push({ path: `outcomes.${i}.fallbackIndex`, message: n ? `Choose a fallback from 1 to ${n}.` : "This clause has no fallback." });
          }
        } else if (fallbackIndex !== null) {
          issues.push({ path: `outcomes.${i}.fallbackIndex`, message: "Only a fallback outcome names a fallback." });
        }
        entries.push({ clause, outcome: entry.outcome, fallbackIndex: entry.outcome === "FALLBACK" ? fallbackIndex : null, note: entry.note, finalWording: entry.finalWording });
      });
      if (issues.length) throw invalidOutcomes(issues);

      const existing = new Map(
        (await db.negotiationOutcome.findMany({ where: { deliverableId: deliverable.id, documentId: playbook.document.id } })).map((r) => [r.clauseId, r]),
      );
      const changedOutcome = (e: (typeof entries)[number], before: NegotiationOutcome | undefined) =>
        !before || before.outcome !== e.outcome || (before.fallbackIndex ?? null) !== e.fallbackIndex;
      // Read before the transaction: who is asked to approve each role named.
      const holders = new Map<string, RoleHolder[]>();
      for (const e of entries) {
        const role = approverFor(e.clause, e.outcome, e.fallbackIndex);
        if (role && changedOutcome(e, existing.get(e.clause.clauseId)) && !holders.has(role)) {
          holders.set(role, await roleHolders(db, mandate, role, playbook.resource));
        }
      }

      const at = now();
      const perspectiveOf = (clause: ClauseSummary) => input.perspective || clause.perspective.trim();
      let recorded = false;
      await db.$transaction(async (tx) => {
        const changes: Prisma.InputJsonValue[] = [];
        for (const e of entries) {
          const before = existing.get(e.clause.clauseId);
          const kept = { clauseName: e.clause.name, perspective: perspectiveOf(e.clause), ...(e.note !== undefined ? { note: e.note } : {}), ...(e.finalWording !== undefined ? { finalWording: e.finalWording } : {}) };
          if (!changedOutcome(e, before)) {
            const edited = (e.note !== undefined && e.note !== before!.note) || (e.finalWording !== undefined && e.finalWording !== before!.finalWording);
            await tx.negotiationOutcome.update({ where: { id: before!.id }, data: kept });
            if (edited) changes.push({ clauseId: e.clause.clauseId, clauseName: e.clause.name, outcome: e.outcome, fallbackIndex: e.fallbackIndex, edited: true });
            continue;
          }
          const role = approverFor(e.clause, e.outcome, e.fallbackIndex);
          const fresh = {
            ...kept,
            outcome: e.outcome,
            fallbackIndex: e.fallbackIndex,
            documentVersionId: playbook.version?.id ?? null,
            versionNumber: playbook.version?.number ?? null,
            approverRole: role,
            approvalStatus: role ? ("PENDING" as const) : null,
            approvalDecidedById: null,
            approvalDecidedAt: null,
            approvalReason: "",
            approvalOnBehalf: false,
            recordedById: viewer.id,
            recordedAt: at,
          };
          const row = await tx.negotiationOutcome.upsert({
            where: { deliverableId_documentId_clauseId: { deliverableId: deliverable.id, documentId: playbook.document.id, clauseId: e.clause.clauseId } },
            update: fresh,
            create: {
              ...fresh,
              deliverableId: deliverable.id,
              mandateId: mandate.id,
              providerOrganizationId: mandate.providerOrganizationId,
              clientOrganizationId: mandate.clientOrganizationId,
              documentId: playbook.document.id,
              clauseId: e.clause.clauseId,
              // One counterparty per playbook and deliverable: a new row takes the one already recorded.
              counterparty: input.counterparty ?? existing.values().next().value?.counterparty ?? "",
            },
          });
          changes.push({
            clauseId: e.clause.clauseId,
            clauseName: e.clause.name,
            before: before ? { outcome: before.outcome, fallbackIndex: before.fallbackIndex } : null,
            after: { outcome: e.outcome, fallbackIndex: e.fallbackIndex },
            approverRole: role,
          });
          for (const holder of role ? holders.get(role)! : []) {
            if (holder.id === viewer.id) continue;
            await notifyOnce(
              tx,
              {
                recipient: holder,
                kind: "OUTCOME_APPROVAL_REQUESTED",
                title: `Approval needed: ${e.clause.name || "a clause"} on “${deliverable.title}”`,
                body: `${viewer.name} recorded ${outcomeWords(e.outcome, e.fallbackIndex)} for ${e.clause.name} (${playbook.document.title}) on mandate ${mandate.reference}. The playbook asks the ${role} to approve it.`,
                link: outcomesPath(deliverable, e.clause.clauseId),
                documentId: playbook.document.id,
                onceKey: `outcome-approval:${row.id}:${at.getTime()}:${holder.id}`,
              },
              appUrl,
            );
          }
        }
        const counterpartyChanged = input.counterparty !== undefined && [...existing.values()].some((r) => r.counterparty !== input.counterparty);
        if (input.counterparty !== undefined) {
          await tx.negotiationOutcome.updateMany({ where: { deliverableId: deliverable.id, documentId: playbook.document.id }, data: { counterparty: input.counterparty } });
        }
        if (!changes.length && !counterpartyChanged) return;
        recorded = changes.length > 0;
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "outcome.recorded",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            deliverableId: deliverable.id,
            documentId: playbook.document.id,
            perspective: input.perspective,
            ...(counterpartyChanged ? { counterparty: input.counterparty } : {}),
            changes,
          },
        });
      });
      if (recorded) await onRecorded(playbook.document.id);
      return checklistOf(viewer, deliverable);
    },

    /**
     * POST approval: a holder of the outcome's approver role — or a provider admin who opens the
     * mandate, recorded as deciding on the holders' behalf — approves or declines (with a reason)
     * a pending approval. The recorder is told.
     */
    async decide(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      const input = parseOrRefuse(ApprovalDecisionSchema, raw);
      const deliverable = await guards.requireDeliverable(viewer, deliverableId, "read");
      const mandate = deliverable.mandate;
      const playbook = (await linkedPlaybooks(db, viewer, deliverable)).find((p) => p.document.id === input.documentId);
      const row = playbook
        ? await db.negotiationOutcome.findUnique({ where: { deliverableId_documentId_clauseId: { deliverableId: deliverable.id, documentId: playbook.document.id, clauseId: input.clauseId } } })
        : null;
      if (!playbook || !row) throw notFound("outcome");
      if (row.approvalStatus !== "PENDING" || !row.approverRole) throw conflict("approval_not_pending", "This outcome has no approval waiting for a decision.");
      const holder = await holdsRole(db, viewer, mandate, row.approverRole, playbook.resource);
      const onBehalf = !holder && can(viewer, "decideAnyApproval", mandateResource(mandate));
      if (!holder && !onBehalf) throw new AppError(403, "forbidden", `Only the ${row.approverRole} decides this approval.`);
      requireOpen(mandate);
      requireNotDelivered(deliverable);

      const at = now();
      const approved = input.decision === "approve";
      await db.$transaction(async (tx) => {
        // Decided once, on the outcome as it stands: a changed outcome or a decision meanwhile is a 409.
        const { count } = await tx.negotiationOutcome.updateMany({
          where: { id: row.id, approvalStatus: "PENDING", recordedAt: row.recordedAt },
          data: { approvalStatus: approved ? "APPROVED" : "DECLINED", approvalDecidedById: viewer.id, approvalDecidedAt: at, approvalReason: input.reason, approvalOnBehalf: onBehalf },
        });
        if (count === 0) throw conflict("outcome_changed", "The outcome changed while you were deciding. Reload and try again.");
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: approved ? "outcome.approved" : "outcome.declined",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            deliverableId: deliverable.id,
            documentId: row.documentId,
            clauseId: row.clauseId,
            clauseName: row.clauseName,
            outcome: row.outcome,
            fallbackIndex: row.fallbackIndex,
            approverRole: row.approverRole,
            onBehalf,
            ...(input.reason ? { reason: input.reason } : {}),
          },
        });
        const recorder = row.recordedById && row.recordedById !== viewer.id ? await tx.user.findUnique({ where: { id: row.recordedById }, select: { id: true, email: true } }) : null;
        if (recorder) {
          await notifyOnce(
            tx,
            {
              recipient: recorder,
              kind: "OUTCOME_APPROVAL_DECIDED",
              title: `${approved ? "Approved" : "Declined"}: ${row.clauseName || "a clause"} on “${deliverable.title}”`,
              body: `${viewer.name}${onBehalf ? ` (an admin, for the ${row.approverRole})` : ` (${row.approverRole})`} ${approved ? "approved" : "declined"} ${outcomeWords(row.outcome, row.fallbackIndex)} for ${row.clauseName}.${input.reason ? ` Reason: ${input.reason}` : ""}`,
              link: outcomesPath(deliverable, row.clauseId),
              documentId: row.documentId,
              onceKey: `outcome-decided:${row.id}:${at.getTime()}`,
            },
            appUrl,
          );
        }
      });
      return checklistOf(viewer, deliverable);
    },

    /** Per deliverable of a mandate: outcomes recorded, approvals pending and declined (each blocks delivery): the mandate page's "Outcomes" links. */
    async countsForMandate(viewer: Viewer, mandateId: unknown) {
      const mandate = await guards.requireMandate(viewer, mandateId, "read");
      const rows = await db.negotiationOutcome.findMany({
        where: { mandateId: mandate.id },
        select: { deliverableId: true, documentId: true, approvalStatus: true },
      });
      // Only outcomes on playbooks the viewer reads count: a client never learns of an internal playbook's.
      const readable = new Set(
        (await db.document.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.documentId))] } }, select: { id: true, ...ACCESS_SELECT } }))
          .filter((d) => can(viewer, "read", documentResource(d)))
          .map((d) => d.id),
      );
      const counts: Record<string, OutcomeCounts> = {};
      for (const r of rows) {
        if (!readable.has(r.documentId)) continue;
        const c = (counts[r.deliverableId] ??= { recorded: 0, pending: 0, declined: 0 });
        c.recorded += 1;
        if (r.approvalStatus === "PENDING") c.pending += 1;
        if (r.approvalStatus === "DECLINED") c.declined += 1;
      }
      return counts;
    },
  };
}

export type OutcomeCounts = { recorded: number; pending: number; declined: number };
export type OutcomeService = ReturnType<typeof createOutcomeService>;
export type Checklist = Awaited<ReturnType<OutcomeService["checklist"]>>;

/** The outcomes page of a deliverable, at one clause. */
export const outcomesPath = (deliverable: { id: string; mandateId: string }, clauseId?: string) =>
  `/mandates/${deliverable.mandateId}/deliverables/${deliverable.id}/outcomes${clauseId ? `#clause-${encodeURIComponent(clauseId)}` : ""}`;
