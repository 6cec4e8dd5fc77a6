import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can, type Resource } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { AppError, invalid, notFound } from "../errors.ts";
import { toDayKey } from "../calendars/day-numbers.ts";
import { createMandateGuards, requireOpen } from "../mandates/guards.ts";
import { mandateResource } from "../mandates/policy.ts";
import { parseInput } from "../validation.ts";
import { IdSchema, LOG_ENTRIES_SHOWN_MAX, LogEntryCreateSchema, LogEntryUpdateSchema } from "./schema.ts";

/**
 * The mandate's risk, issue and decision log (ADR 040): the provider's own (policy resource
 * "mandateLog": the staff who open the mandate read it, its editors write it; a client never
 * does — 404, as for anything of a mandate they may not see). A status report shows the entries
 * open during its month and keeps a copy of them when released. Changes are audited on the
 * mandate; a completed or cancelled mandate's log no longer changes (409 mandate_closed).
 */

const logResource = (mandate: { providerOrganizationId: string; clientOrganizationId: string }): Extract<Resource, { type: "mandateLog" }> => ({
  type: "mandateLog",
  mandate: mandateResource(mandate),
});

export function createMandateLog({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const guards = createMandateGuards({ db });

  /** The mandate, when the viewer may read its log (404 otherwise: a client learns nothing of it) and do `action` (403). */
  async function requireLog(viewer: Viewer, mandateId: unknown, action: "read" | "create" | "update") {
    const mandate = await guards.requireMandate(viewer, mandateId, "read");
    const resource = logResource(mandate);
    if (!can(viewer, "read", resource)) throw notFound("mandate_log");
    authorize(viewer, action, resource);
    return mandate;
  }

  /** An owner must be one of the provider's staff. */
  async function checkOwner(providerOrganizationId: string, ownerId: string | null | undefined) {
    if (!ownerId) return;
    const staff = await db.membership.findFirst({ where: { organizationId: providerOrganizationId, userId: ownerId, role: { in: ["ADMIN", "EDITOR", "VIEWER"] } } });
    if (!staff) throw invalid([{ path: "ownerId", message: "An entry's owner is one of the provider's staff." }]);
  }

  /** Rows as they leave the server, each with its owner's name (looked up once). */
  async function present(rows: LogRow[]) {
    const owners = await db.user.findMany({ where: { id: { in: rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])) } }, select: { id: true, name: true } });
    const nameOf = new Map(owners.map((o) => [o.id, o.name]));
    return rows.map((r) => presentLogEntry(r, r.ownerId ? (nameOf.get(r.ownerId) ?? null) : null));
  }

  return {
    /** Whether the viewer sees the log at all, and may write it: the mandate page asks before it loads it. */
    abilities(viewer: Viewer, mandate: { providerOrganizationId: string; clientOrganizationId: string }) {
      const resource = logResource(mandate);
      return { read: can(viewer, "read", resource), write: can(viewer, "create", resource) };
    },

    /** Entries, newest raised first, with their owner's name. */
    async list(viewer: Viewer, mandateId: unknown) {
      const mandate = await requireLog(viewer, mandateId, "read");
      return present(await db.mandateLogEntry.findMany({ where: { mandateId: mandate.id }, orderBy: [{ raisedOn: "desc" }, { createdAt: "desc" }], take: LOG_ENTRIES_SHOWN_MAX }));
    },

    async add(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const mandate = await requireLog(viewer, mandateId, "create");
      requireOpen(mandate);
      const input = parseInput(LogEntryCreateSchema, raw);
      await checkOwner(mandate.providerOrganizationId, input.ownerId);
      const created = await db.$transaction(async (tx) => {
        const entry = await tx.mandateLogEntry.create({ data: { ...input, detail: input.detail ?? "", mandateId: mandate.id, createdById: viewer.id } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate_log.created",
          targetType: "mandate",
          targetId: mandate.id,
          data: { logEntryId: entry.id, after: { kind: entry.kind, title: entry.title } },
        });
        return entry;
      });
      return (await present([created]))[0]!;
    },

    /** Edits an entry; closing it without a date closes it today, reopening clears the date. */
    async update(viewer: Viewer, entryId: unknown, raw: unknown) {
      const id = parseInput(IdSchema, entryId);
      const entry = await db.mandateLogEntry.findUnique({ where: { id } });
      if (!entry) throw notFound("log_entry");
      const mandate = await requireLog(viewer, entry.mandateId, "update").catch((error: unknown) => {
        // An entry of a mandate whose log the viewer may not read is as absent as a made-up id.
        if (error instanceof AppError && error.status === 404) throw notFound("log_entry");
        throw error;
      });
      requireOpen(mandate);
      const input = parseInput(LogEntryUpdateSchema, raw);
      await checkOwner(mandate.providerOrganizationId, input.ownerId);
      const status = input.status ?? entry.status;
      const closedOn = status === "OPEN" ? null : input.closedOn ?? entry.closedOn ?? new Date(`${toDayKey(now())}T00:00:00.000Z`);
      if (closedOn && closedOn < entry.raisedOn) throw invalid([{ path: "closedOn", message: "An entry cannot close before it was raised." }]);
      const changed = await db.$transaction(async (tx) => {
        const updated = await tx.mandateLogEntry.update({ where: { id }, data: { ...input, status, closedOn } });
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "mandate_log.updated",
          targetType: "mandate",
          targetId: mandate.id,
          data: { logEntryId: id, before: { status: entry.status, title: entry.title }, after: { status: updated.status, title: updated.title } },
        });
        return updated;
      });
      return (await present([changed]))[0]!;
    },
  };
}

type LogRow = { id: string; kind: string; title: string; detail: string; ownerId: string | null; status: string; raisedOn: Date; dueOn: Date | null; closedOn: Date | null };

export function presentLogEntry(r: LogRow, ownerName: string | null) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    detail: r.detail,
    owner: r.ownerId ? { id: r.ownerId, name: ownerName ?? "" } : null,
    status: r.status,
    raisedOn: toDayKey(r.raisedOn),
    dueOn: r.dueOn ? toDayKey(r.dueOn) : null,
    closedOn: r.closedOn ? toDayKey(r.closedOn) : null,
  };
}
export type PresentedLogEntry = ReturnType<typeof presentLogEntry>;

export type MandateLog = ReturnType<typeof createMandateLog>;
