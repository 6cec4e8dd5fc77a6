import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { documentResource, readableDocumentsWhere } from "../documents/policy.ts";
import { conflict, forbidden, invalid, notFound, type Issue } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { latestPublished, linkNotAllowed, linkRefusal, withVersions, type MandateScope } from "./links.ts";
import { isProviderStaff, mandateResource, organizationForNewMandate, readableMandatesWhere } from "./policy.ts";
import {
  ActivityQuerySchema,
  DeliverableInputSchema,
  DeliverableListSchema,
  DeliverablesFromToolkitSchema,
  DeliverableUpdateSchema,
  DocumentIdsSchema,
  IdSchema,
  MANDATE_DELIVERABLES_MAX,
  MandateCreateSchema,
  MandateListQuerySchema,
  MandateUpdateSchema,
  ResourceAttachSchema,
  type DeliverableInput,
  type ServiceLevel,
} from "./schema.ts";
import {
  DELIVERABLE_INCLUDE,
  LINK_INCLUDE,
  LINK_TARGET_SELECT,
  MANDATE_DETAIL_INCLUDE,
  MANDATE_SUMMARY_INCLUDE,
  PERSON,
  amountOf,
  auditDiff,
  dayKey,
  isUniqueViolation,
  referenceTaken,
} from "./rows.ts";
import { CLOSED_MANDATE_STATUSES, assertTransition, isOnRecord, timestampsFor, type DeliverableStatus, type MandateStatus } from "./transitions.ts";

/**
 * The mandates domain: mandates, their team and deliverables, deliverable status history and
 * resource links to library documents. Every read and write asks `can(viewer, action, mandate)`;
 * a mandate the viewer may not read is a 404 (its existence is not disclosed), one they may read
 * but not change a 403. Every change writes an audit event on the mandate (targetType "mandate",
 * targetId the mandate's id, `data.deliverableId` for a deliverable's), which is the mandate's
 * activity feed. Rules: docs/decisions/009-mandates.md.
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
  "costRateMinor",
  "startDate",
  "targetDate",
  "serviceLevels",
] as const;
const DELIVERABLE_TRACKED = ["title", "type", "description", "ownerId", "dueDate", "feeMinor", "status", "effortMinutes"] as const;

export type MandateServiceDeps = {
  db: Db;
  /** The clock for status timestamps (tests move it). */
  now?: () => Date;
};

type Tx = Prisma.TransactionClient;

export function createMandateService({ db, now = () => new Date() }: MandateServiceDeps) {
  /** A mandate the viewer may act on, or 404 (unreadable) / 403 (readable, but not this action). */
  async function requireMandate(viewer: Viewer, id: unknown, action: "read" | "update" | "delete") {
    const mandateId = parseInput(IdSchema, id);
    const mandate = await db.mandate.findUnique({ where: { id: mandateId }, include: MANDATE_DETAIL_INCLUDE });
    if (!mandate) throw notFound("mandate");
    const resource = mandateResource(mandate);
    if (!can(viewer, "read", resource)) throw notFound("mandate");
    authorize(viewer, action, resource);
    return mandate;
  }

  async function requireDeliverable(viewer: Viewer, id: unknown, action: "read" | "update") {
    const deliverableId = parseInput(IdSchema, id);
    const deliverable = await db.deliverable.findUnique({ where: { id: deliverableId }, include: { ...DELIVERABLE_INCLUDE, mandate: true } });
    if (!deliverable) throw notFound("deliverable");
    const resource = mandateResource(deliverable.mandate);
    if (!can(viewer, "read", resource)) throw notFound("deliverable");
    authorize(viewer, action, resource);
    return deliverable;
  }

  function requireOpen(mandate: { status: MandateStatus }) {
    if (CLOSED_MANDATE_STATUSES.includes(mandate.status)) {
      throw conflict("mandate_closed", `The mandate is ${mandate.status.toLowerCase()}: it no longer changes.`);
    }
  }

  /** User ids among `ids` whose role in the provider is one of `roles`. */
  async function staffAmong(providerOrganizationId: string, ids: string[], roles: Array<"ADMIN" | "EDITOR" | "VIEWER">) {
    if (!ids.length) return new Set<string>();
    const rows = await db.membership.findMany({
      where: { organizationId: providerOrganizationId, userId: { in: ids }, role: { in: roles } },
      select: { userId: true },
    });
    return new Set(rows.map((r) => r.userId));
  }

  async function checkPeople(
    providerOrganizationId: string,
    { projectManagerId, memberIds = [], owners = [] }: { projectManagerId?: string; memberIds?: string[]; owners?: Array<{ path: string; id: string }> },
  ) {
    const issues: Issue[] = [];
    if (projectManagerId) {
      const ok = await staffAmong(providerOrganizationId, [projectManagerId], ["ADMIN", "EDITOR"]);
      if (!ok.has(projectManagerId)) issues.push({ path: "projectManagerId", message: "The project manager must be an admin or editor of the provider." });
    }
    const people = [...memberIds, ...owners.map((o) => o.id)];
    const staff = await staffAmong(providerOrganizationId, people, ["ADMIN", "EDITOR", "VIEWER"]);
    memberIds.forEach((id, index) => {
      if (!staff.has(id)) issues.push({ path: `memberIds.${index}`, message: "Team members are the provider's staff." });
    });
    for (const owner of owners) if (!staff.has(owner.id)) issues.push({ path: owner.path, message: "A deliverable's owner is one of the provider's staff." });
    if (issues.length) throw invalid(issues);
  }

  function validateDue(dueDate: Date | null | undefined, startDate: Date, path: string): Issue[] {
    if (dueDate && dueDate < startDate) return [{ path, message: `The due date cannot be before the mandate starts (${dayKey(startDate)}).` }];
    return [];
  }

  async function writeDeliverables(
    viewer: Viewer,
    mandate: MandateScope & { currency: string; startDate: Date },
    items: Array<{ input: Omit<DeliverableInput, "fee" | "feeMinor">; feeMinor: bigint; sourceDocumentId?: string; link?: { documentId: string; versionId: string | null; viaToolkitId: string } }>,
  ) {
    const at = now();
    return db.$transaction(async (tx) => {
      const created = [];
      for (const item of items) {
        const d = await tx.deliverable.create({
          data: {
            mandateId: mandate.id,
            title: item.input.title,
            type: item.input.type,
            description: item.input.description,
            ownerId: item.input.ownerId ?? null,
            dueDate: item.input.dueDate ?? null,
            feeMinor: item.feeMinor,
            effortMinutes: item.input.effortMinutes ?? null,
            sourceDocumentId: item.sourceDocumentId ?? null,
            createdById: viewer.id,
            createdAt: at,
          },
          include: DELIVERABLE_INCLUDE,
        });
        await tx.deliverableStatusChange.create({
          data: { deliverableId: d.id, mandateId: mandate.id, fromStatus: null, toStatus: d.status, at, actorId: viewer.id },
        });
        if (item.link) {
          await tx.resourceLink.create({
            data: {
              mandateId: mandate.id,
              deliverableId: d.id,
              documentId: item.link.documentId,
              documentVersionId: item.link.versionId,
              viaToolkitId: item.link.viaToolkitId,
              attachedById: viewer.id,
              attachedAt: at,
            },
          });
        }
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "deliverable.created",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            deliverableId: d.id,
            before: null,
            after: {
              title: d.title,
              type: d.type,
              status: d.status,
              ownerId: d.ownerId,
              dueDate: dayKey(d.dueDate),
              feeMinor: Number(d.feeMinor),
              ...(item.sourceDocumentId ? { sourceDocumentId: item.sourceDocumentId } : {}),
            },
          },
        });
        created.push(d);
      }
      await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: at } });
      return created;
    });
  }

  /** A toolkit's suggested deliverables: its TEMPLATE members (not archived), in toolkit order. ADR 009. */
  async function toolkitSuggestions(viewer: Viewer, toolkitId: string, mandate: MandateScope) {
    const toolkit = await db.document.findUnique({ where: { id: toolkitId }, select: LINK_TARGET_SELECT });
    if (!toolkit || !can(viewer, "read", documentResource(toolkit))) throw notFound("document");
    if (toolkit.kind !== "TOOLKIT") throw conflict("not_a_toolkit", "Only a toolkit suggests deliverables.");
    const refusal = linkRefusal(toolkit, mandate);
    if (refusal) throw linkNotAllowed([{ id: toolkit.id, title: toolkit.title, reason: refusal }]);
    const items = await db.toolkitItem.findMany({
      where: { toolkitId, document: { kind: "TEMPLATE", status: { not: "ARCHIVED" } } },
      orderBy: { position: "asc" },
      include: { document: { select: LINK_TARGET_SELECT } },
    });
    const templates = items.map((i) => i.document).filter((d) => can(viewer, "read", documentResource(d)));
    return { toolkit, templates };
  }

  async function createLinks(
    tx: Tx,
    viewer: Viewer,
    mandate: MandateScope,
    targets: Array<{ documentId: string; deliverableId: string | null; versionId: string | null; viaToolkitId: string | null }>,
  ) {
    const at = now();
    const ids: string[] = [];
    for (const t of targets) {
      const link = await tx.resourceLink.create({
        data: {
          mandateId: mandate.id,
          deliverableId: t.deliverableId,
          documentId: t.documentId,
          documentVersionId: t.versionId,
          viaToolkitId: t.viaToolkitId,
          attachedById: viewer.id,
          attachedAt: at,
        },
      });
      ids.push(link.id);
    }
    return ids;
  }

  const service = {
    /** Mandates the viewer may read, newest first, paged: `{ items, total, page, pageSize, pageCount }`. */
    async list(viewer: Viewer, raw: unknown) {
      const q = parseInput(MandateListQuerySchema, raw);
      const filters: Prisma.MandateWhereInput = {
        ...(q.status ? { status: q.status } : {}),
        ...(q.client ? { clientOrganizationId: q.client } : {}),
        ...(q.q
          ? { OR: [{ title: { contains: q.q, mode: "insensitive" } }, { reference: { contains: q.q, mode: "insensitive" } }] }
          : {}),
      };
      const where: Prisma.MandateWhereInput = { AND: [readableMandatesWhere(viewer), filters] };
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
      return db.organization.findMany({ where: { kind: "CLIENT" }, select: { id: true, name: true }, orderBy: { name: "asc" } });
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
      return { mandate, deliverables, links: await withVersions(db, viewer, links) };
    },

    /**
     * Creates a mandate. With `fromMandateId`, the fields not sent are taken from that mandate
     * (description, PM, team, pricing, currency, budget, cost rate, service levels) and its
     * mandate-level resource links are copied, pinned to today's published versions; links the
     * new client may not have (ADR 009) are left out and listed in the audit event.
     */
    async create(viewer: Viewer, raw: unknown) {
      let source: Awaited<ReturnType<typeof requireMandate>> | undefined;
      let input;
      const fromId = raw && typeof raw === "object" ? (raw as Record<string, unknown>).fromMandateId : undefined;
      if (fromId !== undefined && fromId !== "" && fromId !== null) {
        source = await requireMandate(viewer, fromId, "read");
        if (!isProviderStaff(viewer, source.providerOrganizationId)) throw forbidden();
        const sent = raw as Record<string, unknown>;
        const defaults: Record<string, unknown> = {
          description: source.description,
          projectManagerId: source.projectManagerId ?? undefined,
          memberIds: source.members.map((m) => m.userId),
          pricingModel: source.pricingModel,
          currency: source.currency,
          serviceLevels: source.serviceLevels,
        };
        const currencyKept = sent.currency === undefined || String(sent.currency).toUpperCase() === source.currency;
        if (currencyKept && sent.budget === undefined && sent.budgetMinor === undefined) defaults.budgetMinor = Number(source.budgetMinor);
        if (currencyKept && sent.costRate === undefined && sent.costRateMinor === undefined && source.costRateMinor !== null) {
          defaults.costRateMinor = Number(source.costRateMinor);
        }
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
      const memberIds = [...new Set([projectManagerId, ...input.memberIds])];
      await checkPeople(providerOrganizationId, { projectManagerId, memberIds: input.memberIds });
      const budgetMinor = amountOf(input.budget, input.budgetMinor, input.currency, "budget") ?? 0n;
      const costRateMinor = amountOf(input.costRate, input.costRateMinor, input.currency, "costRate") ?? null;

      const scope = { providerOrganizationId, clientOrganizationId: input.clientOrganizationId };
      const copied: Array<{ documentId: string; versionId: string | null; viaToolkitId: string | null }> = [];
      const skipped: Array<{ documentId: string; reason: string }> = [];
      if (source) {
        const links = await db.resourceLink.findMany({
          where: { mandateId: source.id, deliverableId: null },
          include: { document: { select: LINK_TARGET_SELECT } },
          orderBy: [{ attachedAt: "asc" }, { id: "asc" }],
        });
        const latest = await latestPublished(db, links.map((l) => l.documentId));
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
              costRateMinor,
              startDate: input.startDate,
              targetDate: input.targetDate ?? null,
              serviceLevels: input.serviceLevels as Prisma.InputJsonValue,
              createdById: viewer.id,
              members: { create: memberIds.map((userId) => ({ userId })) },
            },
          });
          await createLinks(
            tx,
            viewer,
            created,
            copied.map((c) => ({ documentId: c.documentId, deliverableId: null, versionId: c.versionId, viaToolkitId: c.viaToolkitId })),
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
        if (before.costRateMinor !== null && input.costRate === undefined && input.costRateMinor === undefined) {
          issues.push({ path: "costRate", message: "Give the cost rate in the new currency." });
        }
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
      const costRateMinor = amountOf(input.costRate ?? undefined, input.costRate === null ? null : input.costRateMinor, currency, "costRate");
      const next = {
        title: input.title,
        reference: input.reference,
        description: input.description,
        projectManagerId: input.projectManagerId,
        status: input.status,
        pricingModel: input.pricingModel,
        currency: input.currency,
        budgetMinor: budgetMinor ?? undefined,
        costRateMinor,
        startDate: input.startDate,
        targetDate: input.targetDate,
        serviceLevels: input.serviceLevels as ServiceLevel[] | undefined,
      };
      const changed = auditDiff(TRACKED, before as unknown as Record<(typeof TRACKED)[number], unknown>, next);

      const beforeMembers = before.members.map((m) => m.userId);
      const pm = input.projectManagerId ?? before.projectManagerId;
      const members = input.memberIds ? [...new Set([...(pm ? [pm] : []), ...input.memberIds])] : pm && !beforeMembers.includes(pm) ? [...beforeMembers, pm] : beforeMembers;
      const membersChanged = members.length !== beforeMembers.length || members.some((m) => !beforeMembers.includes(m));
      if (!changed && !membersChanged) return service.get(viewer, before.id);

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
          // Guarded by the status read above: two people moving it at once cannot both win.
          const { count } = await tx.mandate.updateMany({
            where: { id: before.id, status: before.status },
            data: {
              ...next,
              serviceLevels: next.serviceLevels as Prisma.InputJsonValue | undefined,
              costRateMinor: costRateMinor === undefined ? undefined : costRateMinor,
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
      return service.get(viewer, before.id);
    },

    /**
     * Adds deliverables: one (`{ title, type, … }`), several (`{ deliverables: [...] }`) or a
     * toolkit's suggestions (`{ fromToolkit: { toolkitId, documentIds?, ownerId?, dueDate?, fee? } }`),
     * all or none. Returns the new deliverables in order.
     */
    async addDeliverables(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const body = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
      const mode = "fromToolkit" in body ? "toolkit" : "deliverables" in body ? "list" : "one";
      // Parse before any lookup, so a malformed body is a 400 whoever asks.
      const parsed =
        mode === "toolkit"
          ? ({ kind: "toolkit", ...parseInput(DeliverablesFromToolkitSchema, raw) } as const)
          : mode === "list"
            ? ({ kind: "list", items: parseInput(DeliverableListSchema, raw).deliverables } as const)
            : ({ kind: "list", items: [parseInput(DeliverableInputSchema, raw)] } as const);
      const mandate = await requireMandate(viewer, mandateId, "update");
      requireOpen(mandate);

      if (parsed.kind === "list") {
        const prefix = mode === "list" ? "deliverables." : "";
        const issues = parsed.items.flatMap((d, i) => validateDue(d.dueDate, mandate.startDate, `${prefix}${mode === "list" ? `${i}.` : ""}dueDate`));
        if (issues.length) throw invalid(issues);
        const items = parsed.items.map((d, i) => {
          const { fee, feeMinor, ...rest } = d;
          return { input: rest, feeMinor: amountOf(fee, feeMinor, mandate.currency, `${prefix}${mode === "list" ? `${i}.` : ""}fee`) ?? 0n };
        });
        await checkPeople(mandate.providerOrganizationId, {
          owners: parsed.items.flatMap((d, i) => (d.ownerId ? [{ path: `${prefix}${mode === "list" ? `${i}.` : ""}ownerId`, id: d.ownerId }] : [])),
        });
        return writeDeliverables(viewer, mandate, items);
      }

      const spec = parsed.fromToolkit;
      const issues = validateDue(spec.dueDate, mandate.startDate, "fromToolkit.dueDate");
      if (issues.length) throw invalid(issues);
      const feeMinor = amountOf(spec.fee, spec.feeMinor, mandate.currency, "fromToolkit.fee") ?? 0n;
      if (spec.ownerId) await checkPeople(mandate.providerOrganizationId, { owners: [{ path: "fromToolkit.ownerId", id: spec.ownerId }] });
      const { toolkit, templates } = await toolkitSuggestions(viewer, spec.toolkitId, mandate);
      let chosen = templates;
      if (spec.documentIds) {
        const byId = new Map(templates.map((t) => [t.id, t]));
        const unknown = spec.documentIds.flatMap((id, i) => (byId.has(id) ? [] : [{ path: `fromToolkit.documentIds.${i}`, message: "This is not one of the toolkit's suggested deliverables." }]));
        if (unknown.length) throw invalid(unknown);
        chosen = [...new Set(spec.documentIds)].map((id) => byId.get(id)!);
      }
      if (!chosen.length) throw conflict("no_suggested_deliverables", "This toolkit has no templates, so it suggests no deliverables.");
      const refused = chosen.flatMap((t) => {
        const reason = linkRefusal(t, mandate);
        return reason ? [{ id: t.id, title: t.title, reason }] : [];
      });
      if (refused.length) throw linkNotAllowed(refused);
      const latest = await latestPublished(db, chosen.map((t) => t.id));
      return writeDeliverables(
        viewer,
        mandate,
        chosen.map((t) => ({
          input: { title: t.title, type: t.title, description: "", ownerId: spec.ownerId, dueDate: spec.dueDate ?? null },
          feeMinor,
          sourceDocumentId: t.id,
          link: { documentId: t.id, versionId: latest.get(t.id)?.id ?? null, viaToolkitId: toolkit.id },
        })),
      );
    },

    /** What `addDeliverables({ fromToolkit })` would create: the toolkit's templates, in order. */
    async suggestedDeliverables(viewer: Viewer, mandateId: unknown, toolkitId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "read");
      const { templates } = await toolkitSuggestions(viewer, parseInput(IdSchema, toolkitId), mandate);
      return templates.map((t) => ({ documentId: t.id, title: t.title, type: t.title }));
    },

    async getDeliverable(viewer: Viewer, id: unknown) {
      return requireDeliverable(viewer, id, "read");
    },

    /**
     * PATCH a deliverable: fields, and status through the state machine (the mandate must be
     * ACTIVE for work to move). A status move stamps its timestamp and writes a status-change row.
     */
    async updateDeliverable(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(DeliverableUpdateSchema, raw);
      const before = await requireDeliverable(viewer, id, "update");
      const mandate = before.mandate;
      requireOpen(mandate);
      const statusChanged = input.status !== undefined && input.status !== before.status;
      if (statusChanged) {
        assertTransition("deliverable", before.status, input.status!);
        if (mandate.status !== "ACTIVE") {
          throw conflict("mandate_not_active", `The mandate is ${mandate.status.toLowerCase()}: activate it before its deliverables move.`);
        }
      }
      const issues = validateDue(input.dueDate, mandate.startDate, "dueDate");
      if (issues.length) throw invalid(issues);
      if (input.ownerId) await checkPeople(mandate.providerOrganizationId, { owners: [{ path: "ownerId", id: input.ownerId }] });
      const feeMinor = amountOf(input.fee, input.feeMinor, mandate.currency, "fee") ?? undefined;

      const next = {
        title: input.title,
        type: input.type,
        description: input.description,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        feeMinor,
        status: input.status,
        effortMinutes: input.effortMinutes,
      };
      const changed = auditDiff(DELIVERABLE_TRACKED, before as unknown as Record<(typeof DELIVERABLE_TRACKED)[number], unknown>, next);
      if (!changed) return requireDeliverable(viewer, before.id, "read");

      const at = now();
      await db.$transaction(async (tx) => {
        const { count } = await tx.deliverable.updateMany({
          where: { id: before.id, status: before.status },
          data: { ...next, ...(statusChanged ? timestampsFor(input.status!, at, before) : {}), updatedAt: at },
        });
        if (count === 0) throw conflict("deliverable_changed", "The deliverable changed while you were editing it. Reload and try again.");
        if (statusChanged) {
          await tx.deliverableStatusChange.create({
            data: { deliverableId: before.id, mandateId: mandate.id, fromStatus: before.status, toStatus: input.status!, at, actorId: viewer.id },
          });
        }
        await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: at } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: statusChanged ? "deliverable.status_changed" : "deliverable.updated",
          targetType: "mandate",
          targetId: mandate.id,
          data: { deliverableId: before.id, deliverableTitle: before.title, ...changed },
        });
      });
      return requireDeliverable(viewer, before.id, "read");
    },

    /**
     * Deletes a deliverable that was never delivered (added by mistake, or out of scope now): its
     * status history and its links go with it. A delivered one stays on record — the client
     * received it and the KPIs count it — so that is a 409. The audit event keeps what it was.
     */
    async deleteDeliverable(viewer: Viewer, id: unknown) {
      const before = await requireDeliverable(viewer, id, "update");
      const mandate = before.mandate;
      requireOpen(mandate);
      const delivered = () => conflict("deliverable_delivered", "A delivered deliverable stays on record: it cannot be deleted.");
      if (isOnRecord(before)) throw delivered();
      await db.$transaction(async (tx) => {
        // The same guard in the write: a delivery that lands meanwhile keeps the deliverable.
        const { count } = await tx.deliverable.deleteMany({ where: { id: before.id, firstDeliveredAt: null, finalDeliveredAt: null } });
        if (count === 0) throw delivered();
        await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: now() } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "deliverable.deleted",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            deliverableId: before.id,
            deliverableTitle: before.title,
            before: { title: before.title, type: before.type, status: before.status, dueDate: before.dueDate ? dayKey(before.dueDate) : null, feeMinor: before.feeMinor.toString() },
            after: null,
          },
        });
      });
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

    /** A deliverable's status history, oldest first (for the UI and KPIs). */
    async listStatusChanges(viewer: Viewer, id: unknown) {
      const deliverable = await requireDeliverable(viewer, id, "read");
      return db.deliverableStatusChange.findMany({
        where: { deliverableId: deliverable.id },
        orderBy: [{ at: "asc" }, { id: "asc" }],
        include: { actor: PERSON },
      });
    },

    /**
     * Links a library document to the mandate, or to one of its deliverables, pinned to its
     * newest published version. A toolkit brings its documents (each pinned, `viaToolkitId`
     * set; those already linked at the same place are skipped). Refused as a whole — nothing
     * written — if any document breaks the link rule (ADR 009). Returns the new links.
     */
    async attachResource(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const input = parseInput(ResourceAttachSchema, raw);
      const mandate = await requireMandate(viewer, mandateId, "update");
      requireOpen(mandate);
      const deliverableId = input.deliverableId ?? null;
      if (deliverableId) {
        const d = await db.deliverable.findFirst({ where: { id: deliverableId, mandateId: mandate.id }, select: { id: true } });
        if (!d) throw notFound("deliverable");
      }
      const doc = await db.document.findUnique({ where: { id: input.documentId }, select: LINK_TARGET_SELECT });
      if (!doc || !can(viewer, "read", documentResource(doc))) throw notFound("document");

      const members =
        doc.kind === "TOOLKIT"
          ? (
              await db.toolkitItem.findMany({
                where: { toolkitId: doc.id, document: { status: { not: "ARCHIVED" } } },
                orderBy: { position: "asc" },
                include: { document: { select: LINK_TARGET_SELECT } },
              })
            ).map((i) => i.document)
          : [];
      const refused = [doc, ...members].flatMap((d) => {
        const reason = !can(viewer, "read", documentResource(d)) ? "You cannot read it." : linkRefusal(d, mandate);
        return reason ? [{ id: d.id, title: d.title, reason }] : [];
      });
      if (refused.length) throw linkNotAllowed(refused);

      const existing = new Set(
        (
          await db.resourceLink.findMany({
            where: { mandateId: mandate.id, deliverableId, documentId: { in: [doc.id, ...members.map((m) => m.id)] } },
            select: { documentId: true },
          })
        ).map((l) => l.documentId),
      );
      if (existing.has(doc.id)) throw conflict("already_linked", "This document is already linked here.");
      const latest = await latestPublished(db, [doc.id, ...members.map((m) => m.id)]);
      const targets = [
        { documentId: doc.id, deliverableId, versionId: latest.get(doc.id)?.id ?? null, viaToolkitId: null },
        ...members
          .filter((m) => !existing.has(m.id))
          .map((m) => ({ documentId: m.id, deliverableId, versionId: latest.get(m.id)?.id ?? null, viaToolkitId: doc.id })),
      ];
      const ids = await db.$transaction(async (tx) => {
        const created = await createLinks(tx, viewer, mandate, targets);
        await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: now() } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate.resource_attached",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            ...(deliverableId ? { deliverableId } : {}),
            before: null,
            after: {
              documentId: doc.id,
              title: doc.title,
              kind: doc.kind,
              versionNumber: latest.get(doc.id)?.number ?? null,
              ...(members.length ? { toolkitDocumentIds: targets.slice(1).map((t) => t.documentId) } : {}),
            },
          },
        });
        return created;
      });
      const links = await db.resourceLink.findMany({ where: { id: { in: ids } }, include: LINK_INCLUDE, orderBy: [{ attachedAt: "asc" }, { id: "asc" }] });
      const order = new Map(ids.map((id, i) => [id, i]));
      links.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      return withVersions(db, viewer, links);
    },

    /** Moves a link forward to its document's newest published version ("newer version available"). */
    async moveLinkForward(viewer: Viewer, mandateId: unknown, linkId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "update");
      requireOpen(mandate);
      const link = await db.resourceLink.findFirst({
        where: { id: parseInput(IdSchema, linkId), mandateId: mandate.id },
        include: LINK_INCLUDE,
      });
      if (!link) throw notFound("resource link");
      const [row] = await withVersions(db, viewer, [link]);
      if (!row) throw notFound("resource link");
      if (!row.newerVersionAvailable || !row.latestVersion) return row;
      const latest = row.latestVersion;
      await db.$transaction(async (tx) => {
        await tx.resourceLink.update({ where: { id: link.id }, data: { documentVersionId: latest.id } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate.resource_moved_forward",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            ...(link.deliverableId ? { deliverableId: link.deliverableId } : {}),
            linkId: link.id,
            documentId: link.documentId,
            title: link.document.title,
            before: { versionNumber: link.documentVersion?.number ?? null },
            after: { versionNumber: latest.number },
          },
        });
      });
      const moved = await db.resourceLink.findUniqueOrThrow({ where: { id: link.id }, include: LINK_INCLUDE });
      return (await withVersions(db, viewer, [moved]))[0]!;
    },

    /** Removes a link (not the document). A toolkit's link takes the links it brought at the same place. */
    async detachResource(viewer: Viewer, mandateId: unknown, linkId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "update");
      requireOpen(mandate);
      const link = await db.resourceLink.findFirst({ where: { id: parseInput(IdSchema, linkId), mandateId: mandate.id }, include: LINK_INCLUDE });
      if (!link) throw notFound("resource link");
      await db.$transaction(async (tx) => {
        const brought = link.document.kind === "TOOLKIT"
          ? await tx.resourceLink.deleteMany({ where: { mandateId: mandate.id, deliverableId: link.deliverableId, viaToolkitId: link.documentId } })
          : { count: 0 };
        await tx.resourceLink.delete({ where: { id: link.id } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate.resource_detached",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            ...(link.deliverableId ? { deliverableId: link.deliverableId } : {}),
            before: { documentId: link.documentId, title: link.document.title, versionNumber: link.documentVersion?.number ?? null, alsoRemoved: brought.count },
            after: null,
          },
        });
      });
    },

    /**
     * "Used by": the links to a document from mandates the viewer may read, each with the
     * mandate, the deliverable (if any), the pinned version and whether a newer one is published.
     */
    async documentUsage(viewer: Viewer, documentId: unknown) {
      const id = parseInput(IdSchema, documentId);
      const doc = await db.document.findUnique({ where: { id }, select: LINK_TARGET_SELECT });
      if (!doc || !can(viewer, "read", documentResource(doc))) throw notFound("document");
      const links = await db.resourceLink.findMany({
        where: { documentId: doc.id, mandate: readableMandatesWhere(viewer) },
        include: {
          ...LINK_INCLUDE,
          mandate: { select: { id: true, title: true, reference: true, status: true, client: { select: { id: true, name: true } } } },
          deliverable: { select: { id: true, title: true, status: true, dueDate: true } },
        },
        orderBy: [{ attachedAt: "desc" }, { id: "asc" }],
      });
      const latest = (await latestPublished(db, [doc.id])).get(doc.id) ?? null;
      return {
        document: { id: doc.id, title: doc.title, kind: doc.kind },
        latestVersion: latest,
        links: await withVersions(db, viewer, links),
      };
    },

    /**
     * For sorting the library by usage: per document id, the number of distinct mandates (and of
     * links) the viewer may see that use it. Ids without usage are 0. At most 1,000 ids.
     */
    async usageCounts(viewer: Viewer, documentIds: unknown) {
      const ids = parseInput(DocumentIdsSchema, documentIds);
      const counts: Record<string, { mandates: number; links: number }> = Object.fromEntries(ids.map((id) => [id, { mandates: 0, links: 0 }]));
      if (!ids.length) return counts;
      const rows = await db.resourceLink.groupBy({
        by: ["documentId", "mandateId"],
        where: { documentId: { in: ids }, mandate: readableMandatesWhere(viewer), document: readableDocumentsWhere(viewer) },
        _count: { _all: true },
      });
      for (const row of rows) {
        const c = counts[row.documentId] ?? (counts[row.documentId] = { mandates: 0, links: 0 });
        c.mandates += 1;
        c.links += row._count._all;
      }
      return counts;
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
  };

  return service;
}

export type MandateService = ReturnType<typeof createMandateService>;
export type { DeliverableStatus, MandateStatus };
export { dayKey };
export type { DeliverableRow, MandateDetailRow, MandateSummaryRow, ResourceLinkRow } from "./rows.ts";
