// Scope and change control (ADR 043): the engagement's assumptions on a mandate, the breaches
// found as work comes in (a hook from the mandates service, and a periodic sweep for waits on
// the client), and change requests the PM drafts and the client decides. An approved one moves
// the mandate's budget and target date; the first keeps the baseline.
import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { addBusinessDays, isHolidayCalendarId, DEFAULT_HOLIDAY_CALENDAR, type WorkingCalendar } from "../calendars/index.ts";
import type { Db } from "../db/database.ts";
import type { ChangeRequestStatus, Prisma } from "../db/generated/client.ts";
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createMandateGuards, requireOpen } from "../mandates/guards.ts";
import { formatMoney, parseMoney } from "../mandates/money.ts";
import { mandateResource } from "../mandates/policy.ts";
import { dayKey } from "../mandates/rows.ts";
import { notifyOnce } from "../notifications/notify.ts";
import { createPeriodicJob } from "../periodic-job.ts";
import { parseInput } from "../validation.ts";
import { describeBreach, outOfScopeBreaches, responseTimeBreaches, roundBreaches, volumeBreaches, type BreachDraft, type BreachEvidence, type WorkItem } from "./breaches.ts";
import { presentBreach, presentChangeRequest, type BreachRow, type ChangeRequestRow } from "./presenter.ts";
import {
  AssumptionsSchema,
  ChangeRequestDecisionSchema,
  ChangeRequestDraftSchema,
  ChangeRequestUpdateSchema,
  IdSchema,
  readAssumptions,
  RESPONSE_TIME_SWEEP_INTERVAL_MS,
  type ChangeScopeLine,
} from "./schema.ts";

/** Work that came in or moved on a mandate: what the mandates service tells this one. */
export type WorkEvent = { mandateId: string; deliverableIds: string[]; kind: "created" | "delivered" };

/** What a client member sees of a mandate's change requests: those sent to them, and how they were decided. */
const CLIENT_VISIBLE: ChangeRequestStatus[] = ["SENT", "APPROVED", "DECLINED"];

const WORK_SELECT = { id: true, title: true, type: true, status: true, createdAt: true, requestedAt: true } as const satisfies Prisma.DeliverableSelect;
const CHANGE_REQUEST_INCLUDE = { breach: true } as const satisfies Prisma.ChangeRequestInclude;

type MandateForScope = {
  id: string;
  title: string;
  reference: string;
  providerOrganizationId: string;
  clientOrganizationId: string;
  projectManagerId: string | null;
  timeZone: string;
  holidayCalendar: string;
  assumptions: Prisma.JsonValue;
};

const calendarOf = (m: { timeZone: string; holidayCalendar: string }): WorkingCalendar => ({
  timeZone: m.timeZone,
  holidayCalendar: isHolidayCalendarId(m.holidayCalendar) ? m.holidayCalendar : DEFAULT_HOLIDAY_CALENDAR,
});
const mandateLink = (mandateId: string, anchor: string) => `/mandates/${mandateId}#${anchor}`;

export function createChangeControlService({ db, appUrl, logger, now = () => new Date() }: { db: Db; appUrl: string; logger?: Logger; now?: () => Date }) {
  const { requireMandate } = createMandateGuards({ db });

  /** The mandate, or 404 when the viewer may not read it; 403 when they may read it but not `action`. */
  async function requireScope(viewer: Viewer, mandateId: unknown, action: "readScope" | "manageScope") {
    const mandate = await requireMandate(viewer, mandateId, "read");
    if (!can(viewer, action, mandateResource(mandate))) {
      throw forbidden(action === "readScope" ? "Assumptions and their breaches are the provider's." : "Only the mandate's project manager or an admin manages its scope.");
    }
    return mandate;
  }

  /** A change request the viewer may see (a client: sent or decided, of their own mandate), or 404. */
  async function requireChangeRequest(viewer: Viewer, rawId: unknown) {
    const id = parseInput(IdSchema, rawId);
    const row = await db.changeRequest.findUnique({ where: { id }, include: { ...CHANGE_REQUEST_INCLUDE, mandate: true } });
    if (!row) throw notFound("change request");
    const resource = mandateResource(row.mandate);
    if (!can(viewer, "read", resource)) throw notFound("change request");
    if (!can(viewer, "readScope", resource) && !CLIENT_VISIBLE.includes(row.status)) throw notFound("change request");
    return row;
  }

  async function namesOf(ids: Array<string | null>) {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (!wanted.length) return new Map<string, string>();
    const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u.name]));
  }

  async function present(viewer: Viewer, mandate: MandateForScope & { currency: string; status: string }, rows: ChangeRequestRow[]) {
    const names = await namesOf(rows.flatMap((r) => [r.createdById, r.decidedById]));
    return rows.map((r) => presentChangeRequest(r, mandate, viewer, names));
  }

  /** Stores each new breach once and tells the mandate's PM (inbox and mail); returns the new ones. */
  async function recordBreaches(mandate: MandateForScope, drafts: BreachDraft[]) {
    if (!drafts.length) return [];
    const pm = mandate.projectManagerId ? await db.user.findUnique({ where: { id: mandate.projectManagerId }, select: { id: true, email: true } }) : null;
    const created: BreachRow[] = [];
    for (const draft of drafts) {
      const breach = await db.$transaction(async (tx) => {
        const { count } = await tx.scopeBreach.createMany({
          data: [{ mandateId: mandate.id, ...draft, evidence: draft.evidence as unknown as Prisma.InputJsonValue, detectedAt: now() }],
          skipDuplicates: true,
        });
        if (count === 0) return null;
        const row = await tx.scopeBreach.findUniqueOrThrow({
          where: { mandateId_assumptionKey_subject_period: { mandateId: mandate.id, assumptionKey: draft.assumptionKey, subject: draft.subject, period: draft.period } },
        });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          action: "scope.breach_found",
          targetType: "mandate",
          targetId: mandate.id,
          data: { breachId: row.id, kind: row.kind, assumptionKey: row.assumptionKey, period: row.period, counted: row.counted, limit: row.limit },
        });
        if (pm) {
          await notifyOnce(
            tx,
            {
              recipient: pm,
              kind: "SCOPE_BREACH",
              title: `${mandate.reference}: an assumption was exceeded`,
              body: `${mandate.title}: ${describeBreach(draft)}`,
              link: mandateLink(mandate.id, "scope"),
              documentId: null,
              onceKey: `scope-breach:${row.id}`,
            },
            appUrl,
          );
        }
        return row;
      });
      if (breach) created.push(breach);
    }
    return created;
  }

  /** A new draft's fields from a breach: the excess added to the scope, its fees, the time lost. */
  async function prefillFrom(breach: BreachRow, mandate: { targetDate: Date | null; timeZone: string; holidayCalendar: string }) {
    const evidence = breach.evidence as unknown as BreachEvidence;
    const sentence = describeBreach({ ...breach, evidence });
    const first = evidence.deliverables[0];
    let scope: ChangeScopeLine[] = [];
    let budgetDeltaMinor = 0n;
    let newTargetDate: Date | null = null;
    let title: string;
    const feesOf = async (ids: string[]) => {
      const rows = await db.deliverable.findMany({ where: { id: { in: ids } }, select: { feeMinor: true } });
      return rows.reduce((sum, r) => sum + r.feeMinor, 0n);
    };
    if (breach.kind === "VOLUME") {
      // The deliverables past the limit, in the order they came in.
      const excess = evidence.deliverables.slice(breach.limit);
      const byType = new Map<string, number>();
      for (const d of excess) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
      scope = [...byType].map(([deliverableType, count]) => ({ deliverableType, count }));
      budgetDeltaMinor = await feesOf(excess.map((d) => d.id));
      title = `Additional volume in ${breach.period}`;
    } else if (breach.kind === "OUT_OF_SCOPE") {
      scope = first ? [{ deliverableType: first.type, count: 1 }] : [];
      budgetDeltaMinor = await feesOf(evidence.deliverables.map((d) => d.id));
      title = `Out of scope: ${first?.title ?? ""}`;
    } else if (breach.kind === "ROUNDS") {
      title = `Extra negotiation rounds: ${first?.title ?? ""}`;
    } else {
      // The business days waited past the assumption move the target date by as many.
      if (mandate.targetDate) newTargetDate = new Date(`${addBusinessDays(dayKey(mandate.targetDate)!, breach.counted - breach.limit, calendarOf(mandate))}T00:00:00.000Z`);
      title = `Client response time: ${first?.title ?? ""}`;
    }
    return { title: title.slice(0, 200), justification: sentence, scope, budgetDeltaMinor, newTargetDate };
  }

  /** The fee change sent as text in major units or as minor units (never both), in the mandate's currency. */
  function deltaOf(input: { budgetDelta?: string; budgetDeltaMinor?: number }, currency: string): bigint | undefined {
    if (input.budgetDelta !== undefined && input.budgetDeltaMinor !== undefined) throw invalid([{ path: "budgetDelta", message: "Give the fee change once: as text or in minor units." }]);
    if (input.budgetDeltaMinor !== undefined) return BigInt(input.budgetDeltaMinor);
    if (input.budgetDelta === undefined) return undefined;
    try {
      return parseMoney(input.budgetDelta, currency);
    } catch (error) {
      throw invalid([{ path: "budgetDelta", message: error instanceof Error ? error.message : "That is not an amount." }]);
    }
  }

  function checkTarget(newTargetDate: Date | null | undefined, startDate: Date) {
    if (newTargetDate && newTargetDate < startDate) throw invalid([{ path: "newTargetDate", message: `The target date cannot be before the mandate starts (${dayKey(startDate)}).` }]);
  }

  const auditOf = (r: { title: string; scope: unknown; budgetDeltaMinor: bigint; newTargetDate: Date | null; status: string }) => ({
    title: r.title,
    status: r.status,
    scope: r.scope as Prisma.InputJsonValue,
    budgetDeltaMinor: Number(r.budgetDeltaMinor),
    newTargetDate: dayKey(r.newTargetDate),
  });

  /** Moves a change request from one of `from` to `to` (guarded against a race), audited; returns the row before. */
  async function move(
    tx: Prisma.TransactionClient,
    row: ChangeRequestRow & { mandate: { id: string; providerOrganizationId: string } },
    from: ChangeRequestStatus[],
    to: ChangeRequestStatus,
    viewer: Viewer,
    data: Prisma.ChangeRequestUpdateManyMutationInput,
    extra: Record<string, Prisma.InputJsonValue> = {},
  ) {
    const { count } = await tx.changeRequest.updateMany({ where: { id: row.id, status: { in: from } }, data: { ...data, status: to } });
    if (count === 0) throw conflict("change_request_changed", "The change request changed meanwhile. Reload and try again.");
    await recordAuditEvent(tx, {
      organizationId: row.mandate.providerOrganizationId,
      actorId: viewer.id,
      action: `change_request.${to.toLowerCase()}`,
      targetType: "mandate",
      targetId: row.mandate.id,
      data: { changeRequestId: row.id, before: { status: row.status }, after: { status: to }, ...extra },
    });
  }

  const sweepJob = createPeriodicJob({
    name: "change control: the response-time sweep",
    intervalMs: RESPONSE_TIME_SWEEP_INTERVAL_MS,
    logger,
    run: () => service.sweepResponseTimes(),
  });

  const service = {
    /**
     * The mandate's scope as the viewer may see it: to the provider's team its assumptions,
     * breaches and every change request; to the client's members only the change requests sent
     * to them and how they were decided.
     */
    async scopeOf(viewer: Viewer, mandateId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "read");
      const resource = mandateResource(mandate);
      const provider = can(viewer, "readScope", resource);
      const [breaches, requests] = await Promise.all([
        provider ? db.scopeBreach.findMany({ where: { mandateId: mandate.id }, orderBy: [{ detectedAt: "desc" }, { id: "asc" }] }) : [],
        db.changeRequest.findMany({
          where: { mandateId: mandate.id, ...(provider ? {} : { status: { in: CLIENT_VISIBLE } }) },
          include: CHANGE_REQUEST_INCLUDE,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        }),
      ]);
      return {
        assumptions: provider ? readAssumptions(mandate.assumptions) : null,
        breaches: breaches.map(presentBreach),
        changeRequests: await present(viewer, mandate, requests),
        baseline: {
          budget: mandate.baselineBudgetMinor === null ? null : { minor: Number(mandate.baselineBudgetMinor), currency: mandate.currency, formatted: formatMoney(mandate.baselineBudgetMinor, mandate.currency) },
          targetDate: mandate.baselineBudgetMinor === null ? null : dayKey(mandate.baselineTargetDate),
        },
        abilities: { manage: can(viewer, "manageScope", resource) && mandate.status !== "COMPLETED" && mandate.status !== "CANCELLED", decide: can(viewer, "decideChangeRequest", resource) },
      };
    },

    /** Replaces the mandate's assumptions (the PM or an admin); audited with before and after. */
    async setAssumptions(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const input = parseInput(AssumptionsSchema, raw);
      const mandate = await requireScope(viewer, mandateId, "manageScope");
      requireOpen(mandate);
      const before = readAssumptions(mandate.assumptions);
      await db.$transaction(async (tx) => {
        await tx.mandate.update({ where: { id: mandate.id }, data: { assumptions: input as unknown as Prisma.InputJsonValue, updatedAt: now() } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate.assumptions_changed",
          targetType: "mandate",
          targetId: mandate.id,
          data: { before: { assumptions: before }, after: { assumptions: input } } as unknown as Prisma.InputJsonValue,
        });
      });
      return input;
    },

    /** The change requests of a mandate the viewer may see, newest first. */
    async listChangeRequests(viewer: Viewer, mandateId: unknown) {
      return (await service.scopeOf(viewer, mandateId)).changeRequests;
    },

    async getChangeRequest(viewer: Viewer, id: unknown) {
      const row = await requireChangeRequest(viewer, id);
      return (await present(viewer, row.mandate, [row]))[0]!;
    },

    /** A new draft by the PM; with `fromBreachId`, prefilled from that breach (what is sent wins). */
    async draftChangeRequest(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const input = parseInput(ChangeRequestDraftSchema, raw);
      const mandate = await requireScope(viewer, mandateId, "manageScope");
      requireOpen(mandate);
      let prefill: Awaited<ReturnType<typeof prefillFrom>> | null = null;
      let breachId: string | null = null;
      if (input.fromBreachId) {
        const breach = await db.scopeBreach.findFirst({ where: { id: input.fromBreachId, mandateId: mandate.id } });
        if (!breach) throw invalid([{ path: "fromBreachId", message: "This is not a breach of this mandate." }]);
        prefill = await prefillFrom(breach, mandate);
        breachId = breach.id;
      }
      const title = input.title ?? prefill?.title;
      const justification = input.justification ?? prefill?.justification;
      const missing = [
        ...(title ? [] : [{ path: "title", message: "Give a title." }]),
        ...(justification ? [] : [{ path: "justification", message: "Say why the scope, fee or dates change." }]),
      ];
      if (missing.length) throw invalid(missing);
      const newTargetDate = input.newTargetDate !== undefined ? input.newTargetDate : (prefill?.newTargetDate ?? null);
      checkTarget(newTargetDate, mandate.startDate);
      const budgetDeltaMinor = deltaOf(input, mandate.currency);
      const created = await db.$transaction(async (tx) => {
        const row = await tx.changeRequest.create({
          data: {
            mandateId: mandate.id,
            breachId,
            title: title!,
            justification: justification!,
            scope: (input.scope ?? prefill?.scope ?? []) as Prisma.InputJsonValue,
            budgetDeltaMinor: budgetDeltaMinor ?? prefill?.budgetDeltaMinor ?? 0n,
            newTargetDate,
            createdById: viewer.id,
            createdAt: now(),
          },
          include: CHANGE_REQUEST_INCLUDE,
        });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "change_request.drafted",
          targetType: "mandate",
          targetId: mandate.id,
          data: { changeRequestId: row.id, ...(breachId ? { breachId } : {}), before: null, after: auditOf(row) },
        });
        return row;
      });
      return (await present(viewer, mandate, [created]))[0]!;
    },

    /** Changes a draft (the PM or an admin); a sent one is the client's to decide and no longer changes. */
    async updateChangeRequest(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(ChangeRequestUpdateSchema, raw);
      const row = await requireChangeRequest(viewer, id);
      if (!can(viewer, "manageScope", mandateResource(row.mandate))) throw forbidden("Only the mandate's project manager or an admin changes its change requests.");
      requireOpen(row.mandate);
      if (row.status !== "DRAFT") throw conflict("change_request_not_draft", "Only a draft changes: this one was sent.");
      checkTarget(input.newTargetDate, row.mandate.startDate);
      const budgetDeltaMinor = deltaOf(input, row.mandate.currency);
      await db.$transaction(async (tx) => {
        const { count } = await tx.changeRequest.updateMany({
          where: { id: row.id, status: "DRAFT" },
          data: {
            title: input.title,
            justification: input.justification,
            scope: input.scope as Prisma.InputJsonValue | undefined,
            budgetDeltaMinor,
            newTargetDate: input.newTargetDate,
          },
        });
        if (count === 0) throw conflict("change_request_changed", "The change request changed meanwhile. Reload and try again.");
        const after = await tx.changeRequest.findUniqueOrThrow({ where: { id: row.id } });
        await recordAuditEvent(tx, {
          organizationId: row.mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "change_request.updated",
          targetType: "mandate",
          targetId: row.mandate.id,
          data: { changeRequestId: row.id, before: auditOf(row), after: auditOf(after) },
        });
      });
      return service.getChangeRequest(viewer, row.id);
    },

    /** Sends a draft to the client: their members are told (inbox and mail). */
    async sendChangeRequest(viewer: Viewer, id: unknown) {
      const row = await requireChangeRequest(viewer, id);
      if (!can(viewer, "manageScope", mandateResource(row.mandate))) throw forbidden("Only the mandate's project manager or an admin sends its change requests.");
      requireOpen(row.mandate);
      if (row.status !== "DRAFT") throw conflict("change_request_not_draft", "Only a draft is sent.");
      const members = await db.membership.findMany({
        where: { organizationId: row.mandate.clientOrganizationId, role: "CLIENT" },
        select: { user: { select: { id: true, email: true } } },
      });
      await db.$transaction(async (tx) => {
        await move(tx, row, ["DRAFT"], "SENT", viewer, { sentAt: now() });
        for (const { user } of members) {
          await notifyOnce(
            tx,
            {
              recipient: user,
              kind: "CHANGE_REQUEST_SENT",
              title: `Change request to decide: ${row.title}`,
              body: `${row.mandate.title} (${row.mandate.reference}): a change to its scope, fee or dates awaits your decision.`,
              link: mandateLink(row.mandate.id, "change-requests"),
              documentId: null,
              onceKey: `change-request-sent:${row.id}:${user.id}`,
            },
            appUrl,
          );
        }
      });
      return service.getChangeRequest(viewer, row.id);
    },

    /** Withdraws a draft or a sent change request (the PM or an admin): it is never decided. */
    async withdrawChangeRequest(viewer: Viewer, id: unknown) {
      const row = await requireChangeRequest(viewer, id);
      if (!can(viewer, "manageScope", mandateResource(row.mandate))) throw forbidden("Only the mandate's project manager or an admin withdraws its change requests.");
      if (row.status !== "DRAFT" && row.status !== "SENT") throw conflict("change_request_decided", "This change request was decided or withdrawn already.");
      await db.$transaction((tx) => move(tx, row, ["DRAFT", "SENT"], "WITHDRAWN", viewer, { withdrawnAt: now() }));
      return service.getChangeRequest(viewer, row.id);
    },

    /**
     * The client approves or declines (with a reason) a sent change request. Approval adds the
     * budget change and moves the target date; the first approval keeps the budget and target
     * date as they were, the baseline. The PM is told either way.
     */
    async decideChangeRequest(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(ChangeRequestDecisionSchema, raw);
      const row = await requireChangeRequest(viewer, id);
      if (!can(viewer, "decideChangeRequest", mandateResource(row.mandate))) throw forbidden("The client's members decide change requests.");
      requireOpen(row.mandate);
      if (row.status !== "SENT") throw conflict("change_request_not_sent", "Only a change request sent to you is decided.");
      const at = now();
      const pmId = row.mandate.projectManagerId ?? row.createdById;
      const pm = pmId ? await db.user.findUnique({ where: { id: pmId }, select: { id: true, email: true } }) : null;
      await db.$transaction(async (tx) => {
        let extra: Record<string, Prisma.InputJsonValue> = {};
        if (input.decision === "APPROVED") {
          const m = await tx.mandate.findUniqueOrThrow({ where: { id: row.mandate.id } });
          const budgetMinor = m.budgetMinor + row.budgetDeltaMinor;
          if (budgetMinor < 0n) throw conflict("budget_negative", "This change would take the budget below zero: ask the provider to correct it.");
          const targetDate = row.newTargetDate ?? m.targetDate;
          const baseline = m.baselineBudgetMinor === null ? { baselineBudgetMinor: m.budgetMinor, baselineTargetDate: m.targetDate } : {};
          await tx.mandate.update({ where: { id: m.id }, data: { budgetMinor, targetDate, ...baseline, updatedAt: at } });
          extra = {
            mandateBefore: { budgetMinor: Number(m.budgetMinor), targetDate: dayKey(m.targetDate) },
            mandateAfter: { budgetMinor: Number(budgetMinor), targetDate: dayKey(targetDate) },
          };
        }
        await move(tx, row, ["SENT"], input.decision, viewer, { decidedAt: at, decidedById: viewer.id, declineReason: input.decision === "DECLINED" ? input.reason : "" }, {
          ...extra,
          ...(input.decision === "DECLINED" ? { reason: input.reason } : {}),
        });
        if (pm) {
          await notifyOnce(
            tx,
            {
              recipient: pm,
              kind: "CHANGE_REQUEST_DECIDED",
              title: `Change request ${input.decision === "APPROVED" ? "approved" : "declined"}: ${row.title}`,
              body: `${row.mandate.title} (${row.mandate.reference}): the client ${input.decision === "APPROVED" ? "approved it" : `declined it: ${input.reason}`}.`,
              link: mandateLink(row.mandate.id, "change-requests"),
              documentId: null,
              onceKey: `change-request-decided:${row.id}:${pm.id}`,
            },
            appUrl,
          );
        }
      });
      return service.getChangeRequest(viewer, row.id);
    },

    /**
     * Checks new or redelivered work against the mandate's assumptions: volumes and out-of-scope
     * types when deliverables come in, rounds when one is delivered. Returns the new breaches.
     */
    async checkWork(event: WorkEvent) {
      const mandate = await db.mandate.findUnique({ where: { id: event.mandateId } });
      if (!mandate) return [];
      const assumptions = readAssumptions(mandate.assumptions);
      const drafts: BreachDraft[] = [];
      if (event.kind === "created") {
        if (!assumptions.volumes.length && !assumptions.outOfScopeTypes.length) return [];
        const work: WorkItem[] = await db.deliverable.findMany({ where: { mandateId: mandate.id }, select: WORK_SELECT });
        const arrived = work.filter((d) => event.deliverableIds.includes(d.id));
        drafts.push(...volumeBreaches(assumptions, mandate.timeZone, work, arrived), ...outOfScopeBreaches(assumptions, arrived));
      } else {
        if (assumptions.maxRounds === null) return [];
        const delivered = await db.deliverable.findMany({
          where: { id: { in: event.deliverableIds }, mandateId: mandate.id },
          select: { ...WORK_SELECT, statusChanges: { where: { toStatus: "DELIVERED" }, select: { at: true } } },
        });
        for (const d of delivered) drafts.push(...roundBreaches(assumptions, d, d.statusChanges.map((c) => c.at)));
      }
      return recordBreaches(mandate, drafts);
    },

    /**
     * The response-time sweep: every wait on the client of an open mandate with a response-time
     * assumption — ended, or still open at `at` — longer than it allows. Returns how many breaches are new.
     */
    async sweepResponseTimes(at: Date = now()) {
      const mandates = await db.mandate.findMany({
        where: { status: { notIn: ["COMPLETED", "CANCELLED"] }, deliverables: { some: { waits: { some: {} } } } },
      });
      let found = 0;
      for (const mandate of mandates) {
        const assumptions = readAssumptions(mandate.assumptions);
        if (assumptions.responseBusinessDays === null) continue;
        const known = await db.scopeBreach.findMany({ where: { mandateId: mandate.id, assumptionKey: "response-time" }, select: { subject: true } });
        const waits = await db.deliverableWait.findMany({
          where: { deliverable: { mandateId: mandate.id }, id: { notIn: known.map((k) => k.subject) } },
          select: { id: true, reason: true, startedAt: true, endedAt: true, deliverable: { select: { id: true, title: true, type: true } } },
        });
        found += (await recordBreaches(mandate, responseTimeBreaches(assumptions, calendarOf(mandate), waits, at))).length;
      }
      return found;
    },

    start: () => sweepJob.start(),
    stop: () => sweepJob.stop(),
  };
  return service;
}
export type ChangeControlService = ReturnType<typeof createChangeControlService>;
