import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { documentResource } from "../documents/policy.ts";
import type { DocumentStateStore } from "../documents/state-store.ts";
import { conflict, invalid, notFound, type Issue } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { requireOpen, type MandateGuards } from "./guards.ts";
import { versionsInForce } from "../documents/in-force.ts";
import { linkNotAllowed, linkRefusal, type MandateScope } from "./links.ts";
import { DeliverableInputSchema, DeliverableListSchema, DeliverablesFromToolkitSchema, DeliverableUpdateSchema, IdSchema, type DeliverableInput } from "./schema.ts";
import { DELIVERABLE_INCLUDE, LINK_TARGET_SELECT, PERSON, amountOf, auditDiff, dayKey } from "./rows.ts";
import { assertTransition, isOnRecord, timestampsFor } from "./transitions.ts";
import { DELIVERY_RECORD_INCLUDE, planDelivery, unlockForRework, writeDeliveryRecord } from "./delivery-record.ts";
import { assertNotHeld } from "../retention/rules.ts";
import { assertApprovalsSettled } from "../outcomes/pending.ts";
import type { WorkEvent } from "../change-control/service.ts";
import { planSlaChanges } from "../sla/deliverable-changes.ts";
import { assertStaffMove } from "../requests/moves.ts";

/** The deliverable fields an update may change, in the order an audit event shows them. */
const DELIVERABLE_TRACKED = ["title", "type", "description", "ownerId", "dueDate", "feeMinor", "status"] as const;

export type DeliverableDeps = {
  db: Db;
  now: () => Date;
  guards: MandateGuards;
  /** Reads a delivered document's current state for its delivery version. */
  store: DocumentStateStore;
  /** These documents were locked or unlocked: their open sync sockets must reconnect with the new rights. */
  onDocumentsLockChanged: (documentIds: string[]) => void;
  /** Work came in or was delivered: checked against the mandate's assumptions (server/change-control, ADR 043). */
  onWork: (event: WorkEvent) => Promise<unknown>;
};

/**
 * Deliverables of a mandate: added one by one, several at once or from a toolkit's deliverable types,
 * changed and moved through their states (each move timestamped and kept as a status change),
 * deleted while never delivered. Every change is an audit event on the mandate.
 */
export function createDeliverableCommands({ db, now, guards, store, onDocumentsLockChanged, onWork }: DeliverableDeps) {
  const { requireMandate, requireDeliverable, checkPeople } = guards;

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
    const written = await db.$transaction(async (tx) => {
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
            baselineDueDate: item.input.dueDate ?? null,
            feeMinor: item.feeMinor,
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
    await onWork({ mandateId: mandate.id, deliverableIds: written.map((d) => d.id), kind: "created" });
    return written;
  }

  /**
   * A toolkit's suggested deliverables: the deliverable types it names, each with the template
   * that drafts it (not archived), in toolkit order (ADR 009; ADR 035's addendum). A template the
   * toolkit names no type for is reference material, not client work, and is not suggested.
   */
  async function toolkitSuggestions(viewer: Viewer, toolkitId: string, mandate: MandateScope) {
    const toolkit = await db.document.findUnique({ where: { id: toolkitId }, select: LINK_TARGET_SELECT });
    if (!toolkit || !can(viewer, "read", documentResource(toolkit))) throw notFound("document");
    if (toolkit.kind !== "TOOLKIT") throw conflict("not_a_toolkit", "Only a toolkit suggests deliverables.");
    const refusal = linkRefusal(toolkit, mandate);
    if (refusal) throw linkNotAllowed([{ id: toolkit.id, title: toolkit.title, reason: refusal }]);
    const items = await db.toolkitItem.findMany({
      where: { toolkitId, deliverableType: { not: null }, document: { kind: "TEMPLATE", status: { not: "ARCHIVED" } } },
      orderBy: { position: "asc" },
      include: { document: { select: LINK_TARGET_SELECT } },
    });
    const templates = items.flatMap((i) => (can(viewer, "read", documentResource(i.document)) ? [{ ...i.document, deliverableType: i.deliverableType! }] : []));
    return { toolkit, templates };
  }

  return {
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
      if (!chosen.length) throw conflict("no_suggested_deliverables", "This toolkit names no deliverable types, so it suggests no deliverables.");
      const refused = chosen.flatMap((t) => {
        const reason = linkRefusal(t, mandate);
        return reason ? [{ id: t.id, title: t.title, reason }] : [];
      });
      if (refused.length) throw linkNotAllowed(refused);
      const latest = await versionsInForce(db, chosen.map((t) => t.id), now());
      return writeDeliverables(
        viewer,
        mandate,
        chosen.map((t) => ({
          input: { title: t.deliverableType, type: t.deliverableType, description: "", ownerId: spec.ownerId, dueDate: spec.dueDate ?? null },
          feeMinor,
          sourceDocumentId: t.id,
          link: { documentId: t.id, versionId: latest.get(t.id)?.id ?? null, viaToolkitId: toolkit.id },
        })),
      );
    },

    /** What `addDeliverables({ fromToolkit })` would create: the toolkit's deliverable types, in order, each with its template. */
    async suggestedDeliverables(viewer: Viewer, mandateId: unknown, toolkitId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "read");
      const { templates } = await toolkitSuggestions(viewer, parseInput(IdSchema, toolkitId), mandate);
      return templates.map((t) => ({ documentId: t.id, title: t.deliverableType, type: t.deliverableType, templateTitle: t.title }));
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
        // Deciding requests and answering deliveries have their own commands (ADR 042).
        assertStaffMove(before.status, input.status!);
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
      };
      const changed = auditDiff(DELIVERABLE_TRACKED, before as unknown as Record<(typeof DELIVERABLE_TRACKED)[number], unknown>, next);
      if (!changed) return requireDeliverable(viewer, before.id, "read");
      const at = now();
      const sla = await planSlaChanges(db, viewer, before, input, changed.after, at);
      // Until the first delivery the baseline follows the due date; from then on it is what the work was delivered against.
      const baseline = "dueDate" in changed.after && before.firstDeliveredAt === null ? { baselineDueDate: input.dueDate } : {};

      const delivering = statusChanged && input.status === "DELIVERED";
      const reworking = statusChanged && before.status === "REJECTED" && input.status === "IN_PROGRESS";
      const plan = delivering ? await planDelivery(db, store, before) : null;
      const lockChanged = await db.$transaction(async (tx) => {
        // Outcomes outside the playbook go to the client only once approved (ADR 036).
        if (delivering) await assertApprovalsSettled(tx, before.id);
        const slaWritten = await sla.write(tx);
        const { count } = await tx.deliverable.updateMany({
          where: { id: before.id, status: before.status },
          data: { ...next, ...baseline, ...(statusChanged ? timestampsFor(input.status!, at, before) : {}), ...slaWritten.data, updatedAt: at },
        });
        if (count === 0) throw conflict("deliverable_changed", "The deliverable changed while you were editing it. Reload and try again.");
        let locks: string[] = [];
        let recordId: string | null = null;
        if (statusChanged) {
          await tx.deliverableStatusChange.create({
            data: { deliverableId: before.id, mandateId: mandate.id, fromStatus: before.status, toStatus: input.status!, at, actorId: viewer.id },
          });
        }
        if (plan) {
          const written = await writeDeliveryRecord(tx, plan, { deliverable: before, viewer, at });
          locks = written.lockedIds;
          recordId = written.record.id;
        }
        if (reworking) locks = await unlockForRework(tx, before.id);
        await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: at } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: statusChanged ? "deliverable.status_changed" : "deliverable.updated",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            deliverableId: before.id,
            deliverableTitle: before.title,
            ...changed,
            // The reason a delivered effort change, a due-date move or a wait on the client gave.
            ...(input.reason && ("dueDateChange" in slaWritten.audit || "waitReason" in slaWritten.audit) ? { reason: input.reason } : {}),
            ...(recordId ? { deliveryRecordId: recordId } : {}),
            ...slaWritten.audit,
          },
        });
        return locks;
      });
      if (lockChanged.length) onDocumentsLockChanged(lockChanged);
      if (delivering) await onWork({ mandateId: mandate.id, deliverableIds: [before.id], kind: "delivered" });
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
        await assertNotHeld(tx, { mandateId: mandate.id });
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

    /** Every delivery record of a deliverable, newest first: readable by whoever may read the deliverable. */
    async listDeliveryRecords(viewer: Viewer, id: unknown) {
      const deliverable = await requireDeliverable(viewer, id, "read");
      const records = await db.deliveryRecord.findMany({
        where: { deliverableId: deliverable.id },
        orderBy: { sequence: "desc" },
        include: DELIVERY_RECORD_INCLUDE,
      });
      return { deliverable, records };
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

  };
}
