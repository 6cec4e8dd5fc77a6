import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { addBusinessDays } from "../calendars/index.ts";
import type { Db } from "../db/database.ts";
import type { AcceptanceMode, DeliverableStatus, Prisma } from "../db/generated/client.ts";
import { conflict, forbidden, invalid, type Issue } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createMandateGuards, requireOpen } from "../mandates/guards.ts";
import { mandateResource } from "../mandates/policy.ts";
import { dayKey } from "../mandates/rows.ts";
import { CLOSED_MANDATE_STATUSES, timestampsFor } from "../mandates/transitions.ts";
import { createPeriodicJob } from "../periodic-job.ts";
import { assertNotHeld } from "../retention/rules.ts";
import { parseInput } from "../validation.ts";
import { ATTACHMENT_SUMMARY, checkAttachments, readAttachment, type Upload } from "./attachments.ts";
import { deemedAcceptanceAt, workingCalendarOf } from "./deemed-acceptance.ts";
import { requestFormsOf, turnaroundFor } from "./forms.ts";
import { clientSideOf, notifyAll, teamOf } from "./notify.ts";
import { DeliveryAnswerSchema, RequestDecisionSchema, RequestFormsSchema, RequestSubmitSchema, REQUEST_FIELDS } from "./schema.ts";

type Tx = Prisma.TransactionClient;
type MandateRow = { id: string; title: string; reference: string; providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null };
type Moving = { id: string; title: string; status: DeliverableStatus; startedAt: Date | null; firstDeliveredAt: Date | null; deliveredAt: Date | null };

const mandatePath = (mandateId: string) => `/mandates/${mandateId}`;
const PRIORITY_WORDS = { LOW: "low", NORMAL: "normal", HIGH: "high", URGENT: "urgent" } as const;

/**
 * Moves a deliverable in a transaction on this domain's behalf (a request decided, a delivery
 * answered): guarded on the status read, timestamped as every move is (transitions.ts), kept as a
 * status change and an audit event on the mandate. The mandates service's PATCH refuses these
 * moves (ADR 042), so they happen here only.
 */
async function move(
  tx: Tx,
  d: Moving,
  mandate: MandateRow,
  to: DeliverableStatus,
  { at, actorId, data = {}, audit = {} }: { at: Date; actorId: string | null; data?: Prisma.DeliverableUpdateManyMutationInput; audit?: Record<string, Prisma.InputJsonValue | null> },
) {
  const { count } = await tx.deliverable.updateMany({
    where: { id: d.id, status: d.status },
    data: { status: to, ...timestampsFor(to, at, d), ...data, updatedAt: at },
  });
  if (count === 0) throw conflict("deliverable_changed", "The deliverable changed meanwhile. Reload and try again.");
  await tx.deliverableStatusChange.create({ data: { deliverableId: d.id, mandateId: mandate.id, fromStatus: d.status, toStatus: to, at, actorId } });
  await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: at } });
  await recordAuditEvent(tx, {
    organizationId: mandate.providerOrganizationId,
    actorId,
    action: "deliverable.status_changed",
    targetType: "mandate",
    targetId: mandate.id,
    data: { deliverableId: d.id, deliverableTitle: d.title, before: { status: d.status }, after: { status: to, ...audit } },
  });
}

const ACCEPTANCE_WORDS: Record<AcceptanceMode, string> = { CLIENT: "accepted by the client", DEEMED: "deemed accepted", ON_BEHALF: "accepted on the client's behalf" };

/**
 * Client requests and acceptance by the client (ADR 042): request forms per deliverable type,
 * set by the PM; a client member's request, with Word and PDF attachments (client material);
 * the PM's acceptance (due date from the service level, in the mandate's calendar) or decline;
 * the client's acceptance or rejection of a delivery, or an admin's record of it on their
 * behalf; and the sweep that deems unanswered deliveries accepted.
 */
export function createRequestService({ db, now = () => new Date(), appUrl, logger, sweepIntervalMs }: { db: Db; now?: () => Date; appUrl: string; logger?: Logger; sweepIntervalMs: number }) {
  const { requireMandate, requireDeliverable, checkPeople } = createMandateGuards({ db });

  /** The mandate, 404 unless the viewer reads it, 403 unless they may do `action` on it. */
  async function mandateFor(viewer: Viewer, mandateId: unknown, action: "requestWork" | "manageRequests" | "read") {
    const mandate = await requireMandate(viewer, mandateId, "read");
    authorize(viewer, action, mandateResource(mandate));
    return mandate;
  }

  async function answer(tx: Tx, d: Moving & { requestedById: string | null }, mandate: MandateRow, via: AcceptanceMode | null, { at, actor, reason, clientAnswer }: { at: Date; actor: Viewer | null; reason?: string; clientAnswer?: string }) {
    const to = via ? "ACCEPTED" : "REJECTED";
    await move(tx, d, mandate, to, {
      at,
      actorId: actor?.id ?? null,
      data: via ? { acceptedVia: via, acceptedById: actor?.id ?? null } : { rejectionReason: reason!, acceptedVia: null, acceptedById: null },
      audit: { ...(via ? { acceptedVia: via } : {}), ...(reason ? { reason } : {}), ...(clientAnswer ? { clientAnswer } : {}) },
    });
    const words = via ? ACCEPTANCE_WORDS[via] : "rejected";
    const key = `delivery-answered:${d.id}:${d.deliveredAt?.getTime() ?? 0}`;
    const message = {
      kind: "DELIVERY_ANSWERED" as const,
      title: `“${d.title}” was ${words}`,
      body: `${via === "DEEMED" ? `Nobody answered the delivery of “${d.title}” in time, so it is` : `“${d.title}” on mandate ${mandate.reference} was`} ${words}${reason ? `: ${reason}` : "."}`,
      link: mandatePath(mandate.id),
      key,
      except: actor?.id,
    };
    await notifyAll(tx, await teamOf(tx, mandate), message, appUrl);
    // The client hears of an answer they did not give themselves.
    if (via === "DEEMED" || via === "ON_BEHALF") await notifyAll(tx, await clientSideOf(tx, mandate.clientOrganizationId, d.requestedById), message, appUrl);
  }

  const service = {
    /** The forms a client chooses from on this mandate (and the PM edits): anyone who reads the mandate. */
    async requestForms(viewer: Viewer, mandateId: unknown) {
      const mandate = await mandateFor(viewer, mandateId, "read");
      return requestFormsOf(db, mandate);
    },

    /** Replaces the mandate's configured forms (PM or admin). Types the mandate does not offer otherwise are offered from now on. */
    async setRequestForms(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const { forms } = parseInput(RequestFormsSchema, raw);
      const mandate = await mandateFor(viewer, mandateId, "manageRequests");
      requireOpen(mandate);
      await db.$transaction(async (tx) => {
        await tx.mandate.update({ where: { id: mandate.id }, data: { requestForms: forms as unknown as Prisma.InputJsonValue, updatedAt: now() } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate.request_forms_changed",
          targetType: "mandate",
          targetId: mandate.id,
          data: { before: { requestForms: mandate.requestForms as Prisma.InputJsonValue }, after: { requestForms: forms as unknown as Prisma.InputJsonValue } },
        });
      });
      return requestFormsOf(db, { ...mandate, requestForms: forms });
    },

    /**
     * A client member asks for work: a REQUESTED deliverable with what they said, and their files
     * as client material of their organisation. The form of the type says which fields it takes
     * and which it needs. The team is told at once.
     */
    async submitRequest(viewer: Viewer, mandateId: unknown, raw: unknown, uploads: Upload[] = []) {
      const input = parseInput(RequestSubmitSchema, raw);
      const mandate = await mandateFor(viewer, mandateId, "requestWork");
      requireOpen(mandate);
      if (mandate.status !== "ACTIVE") throw conflict("mandate_not_active", `The mandate is ${mandate.status.toLowerCase().replace("_", " ")}: requests open once it is active.`);
      const forms = await requestFormsOf(db, mandate);
      const form = forms.find((f) => f.deliverableType.toLowerCase() === input.type.toLowerCase());
      if (!form) throw invalid([{ path: "type", message: `Choose one of this mandate's request types: ${forms.map((f) => f.deliverableType).join(", ")}.` }]);
      const given: Record<(typeof REQUEST_FIELDS)[number], boolean> = {
        description: !!input.description,
        priority: !!input.priority,
        counterparty: !!input.counterparty,
        desiredDate: !!input.desiredDate,
        attachments: uploads.length > 0,
      };
      const issues: Issue[] = REQUEST_FIELDS.flatMap((f) =>
        form.fields[f] === "required" && !given[f] ? [{ path: f, message: `This form needs ${FIELD_WORDS[f]}.` }] : form.fields[f] === "hidden" && given[f] ? [{ path: f, message: `This form does not ask for ${FIELD_WORDS[f]}.` }] : [],
      );
      if (issues.length) throw invalid(issues);
      const files = checkAttachments(uploads);
      const at = now();
      const created = await db.$transaction(async (tx) => {
        const d = await tx.deliverable.create({
          data: {
            mandateId: mandate.id,
            title: input.title,
            type: form.deliverableType,
            description: input.description ?? "",
            status: "REQUESTED",
            requestedAt: at,
            requestedById: viewer.id,
            requestPriority: input.priority ?? null,
            counterparty: input.counterparty ?? "",
            desiredDate: input.desiredDate ?? null,
            createdById: viewer.id,
            createdAt: at,
          },
        });
        await tx.deliverableStatusChange.create({ data: { deliverableId: d.id, mandateId: mandate.id, fromStatus: null, toStatus: "REQUESTED", at, actorId: viewer.id } });
        for (const f of files) {
          await tx.requestAttachment.create({
            data: {
              mandateId: mandate.id,
              deliverableId: d.id,
              clientOrganizationId: mandate.clientOrganizationId,
              name: f.name,
              contentType: f.contentType,
              sizeBytes: f.sizeBytes,
              sha256: f.sha256,
              bytes: f.bytes as Uint8Array<ArrayBuffer>,
              uploadedById: viewer.id,
              createdAt: at,
            },
          });
        }
        await tx.mandate.update({ where: { id: mandate.id }, data: { updatedAt: at } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "deliverable.requested",
          targetType: "mandate",
          targetId: mandate.id,
          data: {
            deliverableId: d.id,
            before: null,
            after: { title: d.title, type: d.type, status: d.status, priority: d.requestPriority, desiredDate: dayKey(d.desiredDate), attachments: files.map((f) => ({ name: f.name, sha256: f.sha256 })) },
          },
        });
        await notifyAll(
          tx,
          await teamOf(tx, mandate),
          {
            kind: "CLIENT_REQUEST_RECEIVED",
            title: `New request on ${mandate.reference}: “${d.title}”`,
            body: `${viewer.name} (${mandate.client.name}) asked for “${d.title}” (${d.type}${d.requestPriority ? `, ${PRIORITY_WORDS[d.requestPriority]} priority` : ""}${d.desiredDate ? `, wanted by ${dayKey(d.desiredDate)}` : ""}). Accept or decline it on the mandate.`,
            link: mandatePath(mandate.id),
            key: `request-received:${d.id}`,
          },
          appUrl,
        );
        return d;
      });
      return requireDeliverable(viewer, created.id, "read");
    },

    /**
     * A client member takes a file off a request the PM has not decided yet (the wrong file sent is
     * the client's to take back); once accepted or declined, the files are the request's record.
     * Not the last file of a form that needs one, nor under a legal hold. Audited by name and hash.
     */
    async removeAttachment(viewer: Viewer, attachmentId: unknown) {
      const file = await readAttachment(db, viewer, attachmentId);
      const mandate = await mandateFor(viewer, file.mandateId, "requestWork");
      requireOpen(mandate);
      const request = file.deliverableId ? await db.deliverable.findUnique({ where: { id: file.deliverableId }, select: { id: true, title: true, type: true, status: true } }) : null;
      const decided = () => conflict("request_decided", `The files of “${request?.title ?? "this request"}” are kept: the request has been ${request ? "accepted or declined" : "removed"}.`);
      if (!request || request.status !== "REQUESTED") throw decided();
      const form = (await requestFormsOf(db, mandate)).find((f) => f.deliverableType.toLowerCase() === request.type.toLowerCase());
      const others = await db.requestAttachment.count({ where: { deliverableId: request.id, id: { not: file.id } } });
      if (form?.fields.attachments === "required" && others === 0) {
        throw conflict("attachment_required", `“${request.title}” needs an attachment: add the right file as a new request, or ask the team to decline this one.`);
      }
      await db.$transaction(async (tx) => {
        await assertNotHeld(tx, { mandateId: mandate.id });
        // Only while still undecided: a decision in between keeps the file.
        const removed = await tx.requestAttachment.deleteMany({ where: { id: file.id, deliverable: { status: "REQUESTED" } } });
        if (removed.count === 0) throw decided();
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "request.attachment_removed",
          targetType: "mandate",
          targetId: mandate.id,
          data: { deliverableId: request.id, before: { file: file.name, sha256: file.sha256, sizeBytes: file.sizeBytes }, after: null },
        });
      });
    },

    /** Every request made on the mandate, newest first, with its attachments: the client's list and the team's. */
    async listRequests(viewer: Viewer, mandateId: unknown) {
      const mandate = await mandateFor(viewer, mandateId, "read");
      const rows = await db.deliverable.findMany({
        where: { mandateId: mandate.id, requestedAt: { not: null } },
        orderBy: [{ requestedAt: "desc" }, { id: "asc" }],
        include: { attachments: { select: ATTACHMENT_SUMMARY, orderBy: { createdAt: "asc" } } },
      });
      // Who asked, by name: a mandate's client often has several members asking.
      const requesterIds = [...new Set(rows.flatMap((r) => (r.requestedById ? [r.requestedById] : [])))];
      const people = new Map((await db.user.findMany({ where: { id: { in: requesterIds } }, select: { id: true, name: true } })).map((u) => [u.id, u]));
      return { mandate, requests: rows.map((r) => ({ ...r, requestedBy: r.requestedById ? (people.get(r.requestedById) ?? null) : null })) };
    },

    /**
     * The PM (or an admin) accepts a request into the work — due the mandate's service level for
     * the type in business days of its calendar from now, else on the date they give, which is
     * also the baseline — or declines it with a reason (final). The requester is told.
     */
    async decideRequest(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      const input = parseInput(RequestDecisionSchema, raw);
      const d = await requireDeliverable(viewer, deliverableId, "read");
      const mandate = d.mandate;
      authorize(viewer, "manageRequests", mandateResource(mandate));
      requireOpen(mandate);
      if (d.status !== "REQUESTED") throw conflict("not_requested", `“${d.title}” is not a request awaiting a decision (it is ${d.status.toLowerCase().replaceAll("_", " ")}).`);
      if (mandate.status !== "ACTIVE") throw conflict("mandate_not_active", `The mandate is ${mandate.status.toLowerCase()}: activate it before its requests are decided.`);
      const at = now();
      let due: Date | null = null;
      if (input.decision === "accept") {
        const turnaround = turnaroundFor(mandate.serviceLevels, d.type);
        if (turnaround !== null && input.dueDate) throw invalid([{ path: "dueDate", message: `The service level for ${d.type} sets the due date (${turnaround} business days).` }]);
        if (turnaround === null && !input.dueDate) throw invalid([{ path: "dueDate", message: `No service level covers ${d.type}: give the due date.` }]);
        due = turnaround !== null ? new Date(`${addBusinessDays(at, turnaround, workingCalendarOf(mandate))}T00:00:00.000Z`) : input.dueDate!;
        if (input.ownerId) await checkPeople(mandate.providerOrganizationId, { owners: [{ path: "ownerId", id: input.ownerId }] });
      }
      await db.$transaction(async (tx) => {
        if (input.decision === "accept") {
          await move(tx, d, mandate, "NOT_STARTED", {
            at,
            actorId: viewer.id,
            data: { dueDate: due, baselineDueDate: due, ...(input.ownerId ? { ownerId: input.ownerId } : {}) },
            audit: { dueDate: dayKey(due), ...(input.ownerId ? { ownerId: input.ownerId } : {}) },
          });
        } else {
          await move(tx, d, mandate, "DECLINED", { at, actorId: viewer.id, data: { declineReason: input.reason }, audit: { reason: input.reason } });
        }
        await notifyAll(
          tx,
          await clientSideOf(tx, mandate.clientOrganizationId, d.requestedById),
          {
            kind: "CLIENT_REQUEST_DECIDED",
            title: input.decision === "accept" ? `Your request “${d.title}” was accepted` : `Your request “${d.title}” was declined`,
            body: input.decision === "accept" ? `${viewer.name} accepted “${d.title}” on mandate ${mandate.reference}: it is due ${dayKey(due)}.` : `${viewer.name} declined “${d.title}” on mandate ${mandate.reference}: ${input.reason}`,
            link: mandatePath(mandate.id),
            key: `request-decided:${d.id}`,
          },
          appUrl,
        );
      });
      return requireDeliverable(viewer, d.id, "read");
    },

    /**
     * The client accepts a delivery, or rejects it with a reason (it goes back for rework); an
     * admin may record the client's written answer on their behalf, saying where it is. The
     * provider's staff never accept their own work otherwise.
     */
    async answerDelivery(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      const input = parseInput(DeliveryAnswerSchema, raw);
      const d = await requireDeliverable(viewer, deliverableId, "read");
      const mandate = d.mandate;
      const resource = mandateResource(mandate);
      if (input.onBehalf ? !can(viewer, "answerDeliveryOnBehalf", resource) : !can(viewer, "answerDelivery", resource)) {
        throw forbidden(input.onBehalf ? "Only an admin of the provider records a client's answer on their behalf." : "The client accepts or rejects a delivery.");
      }
      requireOpen(mandate);
      if (d.status !== "DELIVERED") throw conflict("not_delivered", `“${d.title}” is not awaiting an answer (it is ${d.status.toLowerCase().replaceAll("_", " ")}).`);
      const via: AcceptanceMode | null = input.decision === "reject" ? null : input.onBehalf ? "ON_BEHALF" : "CLIENT";
      await db.$transaction((tx) => answer(tx, d, mandate, via, { at: now(), actor: viewer, reason: input.reason, clientAnswer: input.clientAnswer }));
      return requireDeliverable(viewer, d.id, "read");
    },

    /**
     * Deems accepted every delivery whose window has passed by `at` (the mandate's business days
     * from delivery, same local time), on open mandates; each is audited and both sides are told.
     * Returns how many it accepted.
     */
    async sweepDeemedAcceptances(at: Date = now()) {
      const waiting = await db.deliverable.findMany({
        where: { status: "DELIVERED", deliveredAt: { not: null }, mandate: { status: { notIn: [...CLOSED_MANDATE_STATUSES] } } },
        select: { id: true, title: true, status: true, startedAt: true, firstDeliveredAt: true, deliveredAt: true, requestedById: true, mandate: true },
      });
      let accepted = 0;
      for (const d of waiting) {
        if (deemedAcceptanceAt(d.deliveredAt!, d.mandate) > at) continue;
        try {
          await db.$transaction((tx) => answer(tx, d, d.mandate, "DEEMED", { at, actor: null }));
          accepted += 1;
        } catch (error) {
          // Answered meanwhile by the client: theirs stands.
          if (!(error instanceof Error && "code" in error && error.code === "deliverable_changed")) throw error;
        }
      }
      return accepted;
    },

    /** A request's file, for the client's members and the staff who open the mandate only (404 otherwise). */
    attachment: (viewer: Viewer, id: unknown) => readAttachment(db, viewer, id),
  };

  const sweep = createPeriodicJob({
    name: "requests: the deemed-acceptance sweep",
    intervalMs: sweepIntervalMs,
    logger,
    run: async () => {
      const accepted = await service.sweepDeemedAcceptances();
      if (accepted) logger?.info("deliveries deemed accepted", { accepted });
    },
  });

  return { ...service, start: sweep.start, stop: sweep.stop };
}

const FIELD_WORDS = { description: "a description", priority: "a priority", counterparty: "the counterparty", desiredDate: "a desired date", attachments: "an attachment" } as const;

export type RequestService = ReturnType<typeof createRequestService>;
