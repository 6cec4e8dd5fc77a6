import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can } from "../auth/policy.ts";
import { noteJoinedTeam, type Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { conflict, forbidden, invalid, notFound, type Issue } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { versionsInForce } from "../documents/in-force.ts";
import { linkRefusal, withVersions } from "./links.ts";
import { isProviderStaff, organizationForNewMandate, readableMandatesWhere } from "./policy.ts";
import { ActivityQuerySchema, MANDATE_DELIVERABLES_MAX, MandateCreateSchema, MandateListQuerySchema, MandateUpdateSchema, type ServiceLevel } from "./schema.ts";
import { DELIVERABLE_INCLUDE, LINK_INCLUDE, LINK_TARGET_SELECT, MANDATE_SUMMARY_INCLUDE, PERSON, amountOf, auditDiff, dayKey, isUniqueViolation, referenceTaken } from "./rows.ts";
import { createDocumentStateStore, type DocumentStateStore } from "../documents/state-store.ts";
import { createDeliverableCommands } from "./deliverables.ts";
import { createMandateGuards, requireOpen } from "./guards.ts";
import { createLinks, createResourceCommands } from "./resources.ts";
import { recordTeamChange, refuseWalled } from "./team.ts";
import { assertNotHeld } from "../retention/rules.ts";
import type { WorkEvent } from "../change-control/service.ts";
import { zoneOfCalendar } from "../sla/calendar.ts";
import { assertTransition, CLOSED_MANDATE_STATUSES, type DeliverableStatus, type MandateStatus } from "./transitions.ts";

/**
 * The mandates domain: mandates, their team and deliverables, deliverable status history and
 * resource links to library documents. Every read and write asks `can(viewer, action, mandate)`;
 * a mandate the viewer may not read is a 404 (its existence is not disclosed), one they may read
 * but not change a 403. Every change writes an audit event on the mandate (targetType "mandate",
 * targetId the mandate's id, `data.deliverableId` for a deliverable's), which is the mandate's
 * activity feed. Rules: docs/decisions/009-mandates.md.
 *
 * This file holds the mandates themselves; deliverables.ts and resources.ts the commands on
 * deliverables and resource links, guards.ts the checks they all run first. The service is
 * one object, so callers see one API.
 */

/** The mandate fields an update may change, in the order an audit event shows them. */
const TRACKED = [
  "title",
  "reference",
  "description",
  "projectManagerId",
  "status",
  "pricingModel",
  "currency",
  "budgetMinor",
  "startDate",
  "targetDate",
  "serviceLevels",
  "timeZone",
  "holidayCalendar",
  "deemedAcceptanceBusinessDays",
] as const;
export type MandateServiceDeps = {
  db: Db;
  /** The clock for status timestamps (tests move it). */
  now?: () => Date;
  /** These people left the client's last team they were on: their open sync sockets must re-check (need-to-know). */
  onTeamChanged?: (userIds: string[]) => void;
  /** Reads delivered documents' state for their delivery versions (ADR 020); by default over `db`. */
  store?: DocumentStateStore;
  /** Documents locked by a delivery or unlocked for rework, or closed to the client's suggestions by an unlink: their open sync sockets must re-check. */
  onDocumentsLockChanged?: (documentIds: string[]) => void;
  /** Work came in or was delivered: checked against the mandate's assumptions (server/change-control, ADR 043); stored either way. */
  onWork?: (event: WorkEvent) => Promise<unknown>;
};

export function createMandateService({
  db,
  now = () => new Date(),
  onTeamChanged,
  store = createDocumentStateStore({ db }),
  onDocumentsLockChanged = () => {},
  onWork = async () => {},
}: MandateServiceDeps) {
  const guards = createMandateGuards({ db });
  const { requireMandate, checkPeople } = guards;

  const service = {
    /**
     * Mandates the viewer may discover (read, or for an admin off the client's teams see listed,
     * opening it through break-glass), newest first, paged: `{ items, total, page, pageSize, pageCount }`.
     */
    async list(viewer: Viewer, raw: unknown) {
      const q = parseInput(MandateListQuerySchema, raw);
      const filters: Prisma.MandateWhereInput = {
        ...(q.status ? { status: q.status } : {}),
        ...(q.client ? { clientOrganizationId: q.client } : {}),
        ...(q.q
          ? { OR: [{ title: { contains: q.q, mode: "insensitive" } }, { reference: { contains: q.q, mode: "insensitive" } }] }
          : {}),
      };
      const where: Prisma.MandateWhereInput = { AND: [readableMandatesWhere(viewer, "discover"), filters] };
      const [total, items] = await Promise.all([
        db.mandate.count({ where }),
        db.mandate.findMany({
          where,
          include: MANDATE_SUMMARY_INCLUDE,
          orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
          skip: (q.page - 1) * q.pageSize,
          take: q.pageSize,
        }),
      ]);
      return { items, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
    },

    /** Whether the viewer may create mandates (the UI's "New mandate"). */
    canCreate(viewer: Viewer) {
      return organizationForNewMandate(viewer) !== undefined;
    },

    /** Client organisations a new mandate can be for (empty for anyone who cannot create one). */
    async listClientOrganizations(viewer: Viewer) {
      if (!organizationForNewMandate(viewer)) return [];
      return db.organization.findMany({
        where: { kind: "CLIENT" },
        select: { id: true, name: true, slug: true },
        orderBy: [{ name: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      });
    },

    /**
     * The provider's staff a form can name as PM (ADMIN, EDITOR), team member or owner (also
     * VIEWER): of the mandate's provider when `mandateId` is given (the viewer must be allowed to
     * change it), else of the provider the viewer creates mandates in. Empty for anyone else.
     */
    async listStaff(viewer: Viewer, mandateId?: unknown) {
      let providerOrganizationId: string | undefined;
      if (mandateId !== undefined) providerOrganizationId = (await requireMandate(viewer, mandateId, "update")).providerOrganizationId;
      else providerOrganizationId = organizationForNewMandate(viewer);
      if (!providerOrganizationId) return [];
      const rows = await db.membership.findMany({
        where: { organizationId: providerOrganizationId, role: { in: ["ADMIN", "EDITOR", "VIEWER"] } },
        select: { role: true, user: { select: { id: true, name: true } } },
        orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
      });
      return rows.map((r) => ({ id: r.user.id, name: r.user.name, canManage: r.role !== "VIEWER" }));
    },

    /** The mandate with its team, deliverables (by due date) and the resource links the viewer may read. */
    async get(viewer: Viewer, id: unknown) {
      const mandate = await requireMandate(viewer, id, "read");
      const [deliverables, links] = await Promise.all([
        db.deliverable.findMany({
          where: { mandateId: mandate.id },
          include: DELIVERABLE_INCLUDE,
          orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
          take: MANDATE_DELIVERABLES_MAX,
        }),
        db.resourceLink.findMany({ where: { mandateId: mandate.id }, include: LINK_INCLUDE, orderBy: [{ attachedAt: "asc" }, { id: "asc" }] }),
      ]);
      return { mandate, deliverables, links: await withVersions(db, viewer, links, now()) };
    },

    /**
     * Creates a mandate; its creator is on its team (the PM unless another is named), which is
     * their reason to read the client's material. With `fromMandateId`, the fields not sent are
     * taken from that mandate (description, PM, team, pricing, currency, budget,
     * service levels) and its mandate-level resource links are copied, pinned to today's
     * published versions; links the new client may not have (ADR 009) are left out and listed in
     * the audit event. For another client only the team, pricing and service levels come along:
     * never the description, fees or anything of the first client's (ADR 013).
     */
    async create(viewer: Viewer, raw: unknown) {
      let source: Awaited<ReturnType<typeof requireMandate>> | undefined;
      let input;
      const fromId = raw && typeof raw === "object" ? (raw as Record<string, unknown>).fromMandateId : undefined;
      if (fromId !== undefined && fromId !== "" && fromId !== null) {
        source = await requireMandate(viewer, fromId, "read");
        if (!isProviderStaff(viewer, source.providerOrganizationId)) throw forbidden();
        const sent = raw as Record<string, unknown>;
        const sameClient = sent.clientOrganizationId === source.clientOrganizationId;
        const defaults: Record<string, unknown> = {
          ...(sameClient ? { description: source.description } : {}),
          projectManagerId: source.projectManagerId ?? undefined,
          memberIds: source.members.map((m) => m.userId),
          pricingModel: source.pricingModel,
          currency: source.currency,
          serviceLevels: source.serviceLevels,
          timeZone: source.timeZone,
          holidayCalendar: source.holidayCalendar,
        };
        const currencyKept = sent.currency === undefined || String(sent.currency).toUpperCase() === source.currency;
        if (sameClient && currencyKept && sent.budget === undefined && sent.budgetMinor === undefined) defaults.budgetMinor = Number(source.budgetMinor);
        input = parseInput(MandateCreateSchema, { ...defaults, ...sent });
      } else {
        input = parseInput(MandateCreateSchema, raw);
      }

      const providerOrganizationId = organizationForNewMandate(viewer);
      if (!providerOrganizationId) throw forbidden("Only the provider's editors and admins can create mandates.");
      authorize(viewer, "create", { type: "mandate", providerOrganizationId, clientOrganizationId: input.clientOrganizationId });
      if (source && source.providerOrganizationId !== providerOrganizationId) throw notFound("mandate");

      const client = await db.organization.findFirst({ where: { id: input.clientOrganizationId, kind: "CLIENT" }, select: { id: true } });
      if (!client) throw invalid([{ path: "clientOrganizationId", message: "Choose a client organisation." }]);
      const projectManagerId = input.projectManagerId ?? viewer.id;
      // The creator is on the team: opening a mandate is their reason to read the client's material.
      const memberIds = [...new Set([projectManagerId, viewer.id, ...input.memberIds])];
      await checkPeople(providerOrganizationId, { projectManagerId, memberIds: input.memberIds });
      await refuseWalled(db, input.clientOrganizationId, memberIds);
      const budgetMinor = amountOf(input.budget, input.budgetMinor, input.currency, "budget") ?? 0n;

      const scope = { providerOrganizationId, clientOrganizationId: input.clientOrganizationId };
      const copied: Array<{ documentId: string; versionId: string | null; viaToolkitId: string | null }> = [];
      const skipped: Array<{ documentId: string; reason: string }> = [];
      if (source) {
        const links = await db.resourceLink.findMany({
          where: { mandateId: source.id, deliverableId: null },
          include: { document: { select: LINK_TARGET_SELECT } },
          orderBy: [{ attachedAt: "asc" }, { id: "asc" }],
        });
        const latest = await versionsInForce(db, links.map((l) => l.documentId), now());
        const seen = new Set<string>();
        for (const link of links) {
          if (seen.has(link.documentId)) continue;
          seen.add(link.documentId);
          const reason = linkRefusal(link.document, { id: "", ...scope });
          if (reason) skipped.push({ documentId: link.documentId, reason });
          else copied.push({ documentId: link.documentId, versionId: latest.get(link.documentId)?.id ?? link.documentVersionId, viaToolkitId: link.viaToolkitId });
        }
        // A document keeps "via toolkit" only if the toolkit came along too.
        const copiedIds = new Set(copied.map((c) => c.documentId));
        for (const c of copied) if (c.viaToolkitId && !copiedIds.has(c.viaToolkitId)) c.viaToolkitId = null;
      }

      const mandate = await db
        .$transaction(async (tx) => {
          const created = await tx.mandate.create({
            data: {
              ...scope,
              title: input.title,
              reference: input.reference,
              description: input.description,
              projectManagerId,
              status: input.status,
              pricingModel: input.pricingModel,
              currency: input.currency,
              budgetMinor,
              startDate: input.startDate,
              targetDate: input.targetDate ?? null,
              serviceLevels: input.serviceLevels as Prisma.InputJsonValue,
              // Unless chosen, the calendar's own zone (ADR 041).
              ...(input.holidayCalendar ? { holidayCalendar: input.holidayCalendar, timeZone: input.timeZone ?? zoneOfCalendar(input.holidayCalendar) } : {}),
              ...(input.timeZone ? { timeZone: input.timeZone } : {}),
              deemedAcceptanceBusinessDays: input.deemedAcceptanceBusinessDays,
              createdById: viewer.id,
              members: { create: memberIds.map((userId) => ({ userId })) },
            },
          });
          await recordTeamChange(tx, created, null, { projectManagerId, memberIds }, now());
          await createLinks(
            tx,
            viewer,
            created,
            copied.map((c) => ({ documentId: c.documentId, deliverableId: null, versionId: c.versionId, viaToolkitId: c.viaToolkitId })),
            now(),
          );
          await recordAuditEvent(tx, {
            organizationId: providerOrganizationId,
            actorId: viewer.id,
            action: "mandate.created",
            targetType: "mandate",
            targetId: created.id,
            data: {
              before: null,
              after: {
                title: created.title,
                reference: created.reference,
                clientOrganizationId: created.clientOrganizationId,
                status: created.status,
                pricingModel: created.pricingModel,
                currency: created.currency,
                budgetMinor: Number(created.budgetMinor),
                startDate: dayKey(created.startDate),
                targetDate: dayKey(created.targetDate),
                timeZone: created.timeZone,
                holidayCalendar: created.holidayCalendar,
                projectManagerId,
                memberIds,
              },
              ...(source ? { fromMandateId: source.id, copiedLinks: copied.length, skippedLinks: skipped } : {}),
            },
          });
          return created;
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw referenceTaken();
          throw error;
        });
      noteJoinedTeam(viewer, mandate.clientOrganizationId);
      return service.get(viewer, mandate.id);
    },

    /** PATCH: fields, team and status (through the state machine). ADR 009 lists the refusals. */
    async update(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(MandateUpdateSchema, raw);
      const before = await requireMandate(viewer, id, "update");
      requireOpen(before);

      const issues: Issue[] = [];
      const currency = input.currency ?? before.currency;
      const currencyChanged = currency !== before.currency;
      if (currencyChanged) {
        const priced = await db.deliverable.count({ where: { mandateId: before.id, feeMinor: { gt: 0 } } });
        if (priced) throw conflict("currency_locked", "Deliverables already have fees in this currency: the currency cannot change.");
        if (input.budget === undefined && input.budgetMinor === undefined) issues.push({ path: "budget", message: "Give the budget in the new currency." });
        // Time is priced by rate cards in the mandate's currency (ADR 039).
        const timed = await db.timeEntry.count({ where: { mandateId: before.id } });
        if (timed) throw conflict("currency_locked", "Time is entered on this mandate in its currency: the currency cannot change.");
      }
      const startDate = input.startDate ?? before.startDate;
      const targetDate = input.targetDate === undefined ? before.targetDate : input.targetDate;
      if (targetDate && targetDate < startDate) issues.push({ path: "targetDate", message: "The target date cannot be before the start date." });
      if (input.startDate && input.startDate > before.startDate) {
        const early = await db.deliverable.count({ where: { mandateId: before.id, dueDate: { lt: input.startDate } } });
        if (early) issues.push({ path: "startDate", message: `${early} deliverable(s) are due before that date: move them first.` });
      }
      if (issues.length) throw invalid(issues);

      if (input.status && input.status !== before.status) {
        assertTransition("mandate", before.status, input.status);
        if (input.status === "COMPLETED") {
          const open = await db.deliverable.count({ where: { mandateId: before.id, status: { not: "ACCEPTED" } } });
          if (open) throw conflict("open_deliverables", `${open} deliverable(s) are not accepted yet: the mandate cannot be completed.`);
        }
      }
      await checkPeople(before.providerOrganizationId, { projectManagerId: input.projectManagerId, memberIds: input.memberIds });

      const budgetMinor = amountOf(input.budget, input.budgetMinor, currency, "budget");
      const next = {
        title: input.title,
        reference: input.reference,
        description: input.description,
        projectManagerId: input.projectManagerId,
        status: input.status,
        pricingModel: input.pricingModel,
        currency: input.currency,
        budgetMinor: budgetMinor ?? undefined,
        startDate: input.startDate,
        targetDate: input.targetDate,
        serviceLevels: input.serviceLevels as ServiceLevel[] | undefined,
        // A new calendar counts deliveries from now on: stored turnarounds keep theirs (ADR 041).
        timeZone: input.timeZone,
        holidayCalendar: input.holidayCalendar,
        deemedAcceptanceBusinessDays: input.deemedAcceptanceBusinessDays,
      };
      const changed = auditDiff(TRACKED, before as unknown as Record<(typeof TRACKED)[number], unknown>, next);

      const beforeMembers = before.members.map((m) => m.userId);
      const pm = input.projectManagerId ?? before.projectManagerId;
      const members = input.memberIds ? [...new Set([...(pm ? [pm] : []), ...input.memberIds])] : pm && !beforeMembers.includes(pm) ? [...beforeMembers, pm] : beforeMembers;
      const membersChanged = members.length !== beforeMembers.length || members.some((m) => !beforeMembers.includes(m));
      if (!changed && !membersChanged) return service.get(viewer, before.id);
      await refuseWalled(db, before.clientOrganizationId, members.filter((m) => !beforeMembers.includes(m)));
      let lostAccess: string[] = [];

      const action = input.status && input.status !== before.status ? "mandate.status_changed" : "mandate.updated";
      await db
        .$transaction(async (tx) => {
          if (membersChanged) {
            await tx.mandateMember.deleteMany({ where: { mandateId: before.id, userId: { notIn: members } } });
            await tx.mandateMember.createMany({
              data: members.filter((m) => !beforeMembers.includes(m)).map((userId) => ({ mandateId: before.id, userId })),
              skipDuplicates: true,
            });
          }
          if (membersChanged || pm !== before.projectManagerId) {
            lostAccess = await recordTeamChange(
              tx,
              before,
              { projectManagerId: before.projectManagerId, memberIds: beforeMembers },
              { projectManagerId: pm, memberIds: members },
              now(),
            );
          }
          // Guarded by the status read above: two people moving it at once cannot both win.
          const { count } = await tx.mandate.updateMany({
            where: { id: before.id, status: before.status },
            data: {
              ...next,
              serviceLevels: next.serviceLevels as Prisma.InputJsonValue | undefined,
              // Retention of its client material counts from here (server/retention, ADR 021).
              closedAt: input.status && CLOSED_MANDATE_STATUSES.includes(input.status) && input.status !== before.status ? now() : undefined,
              updatedAt: now(),
            },
          });
          if (count === 0) throw conflict("mandate_changed", "The mandate changed while you were editing it. Reload and try again.");
          await recordAuditEvent(tx, {
            organizationId: before.providerOrganizationId,
            actorId: viewer.id,
            action,
            targetType: "mandate",
            targetId: before.id,
            data: {
              before: { ...(changed?.before ?? {}), ...(membersChanged ? { memberIds: beforeMembers } : {}) },
              after: { ...(changed?.after ?? {}), ...(membersChanged ? { memberIds: members } : {}) },
            },
          });
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw referenceTaken();
          throw error;
        });
      if (lostAccess.length) onTeamChanged?.(lostAccess);
      return service.get(viewer, before.id);
    },

    /**
     * Deletes a mandate that never started (PROPOSED): a draft made by mistake. Admins only (the
     * policy). One that ran is cancelled instead, so its deliverables, links and KPIs stay on
     * record (409). The audit event, kept in the provider's trail, says what it was.
     */
    async delete(viewer: Viewer, id: unknown) {
      const mandate = await requireMandate(viewer, id, "delete");
      const started = () => conflict("mandate_started", "Only a proposed mandate can be deleted: cancel this one instead, so its history stays.");
      if (mandate.status !== "PROPOSED") throw started();
      await db.$transaction(async (tx) => {
        await assertNotHeld(tx, { mandateId: mandate.id });
        const { count } = await tx.mandate.deleteMany({ where: { id: mandate.id, status: "PROPOSED" } });
        if (count === 0) throw started();
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate.deleted",
          targetType: "mandate",
          targetId: mandate.id,
          data: { before: { title: mandate.title, reference: mandate.reference, clientOrganizationId: mandate.clientOrganizationId }, after: null },
        });
      });
    },

    /** The mandate's activity feed (audit events, newest first): the provider's staff only. */
    async activity(viewer: Viewer, mandateId: unknown, raw: unknown = {}) {
      const { limit } = parseInput(ActivityQuerySchema, raw);
      const mandate = await requireMandate(viewer, mandateId, "read");
      if (!isProviderStaff(viewer, mandate.providerOrganizationId)) throw forbidden("Only the provider's team can see a mandate's activity.");
      const events = await db.auditEvent.findMany({
        where: { targetType: "mandate", targetId: mandate.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
        include: { actor: PERSON },
      });
      // The currency amounts in the events are in (the presenter writes them as money).
      return events.map((e) => ({ ...e, currency: mandate.currency }));
    },
    ...createDeliverableCommands({ db, now, guards, store, onDocumentsLockChanged, onWork }),
    ...createResourceCommands({ db, now, guards, onDocumentsLockChanged }),
  };

  return service;
}
export type MandateService = ReturnType<typeof createMandateService>;
export type { DeliverableStatus, MandateStatus };
export { dayKey };
export type { DeliverableRow, MandateDetailRow, MandateSummaryRow, ResourceLinkRow } from "./rows.ts";
