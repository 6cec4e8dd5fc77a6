import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import { readableScope } from "../auth/scope.ts";
import type { Viewer } from "../auth/viewer.ts";
import { TRASH_DAYS } from "../config.ts";
import type { Db } from "../db/database.ts";
import { ACCESS_SELECT, documentResource, readableDocumentsWhere } from "../documents/policy.ts";
import { IdSchema } from "../documents/schema.ts";
import { forbidden, gone, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { canRestoreFromTrash } from "./policy.ts";
import { assertDocumentNotHeld, purgeBlockers } from "./rules.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day the trash gives a document up: restorable until then, purged after (unless kept). */
export const trashExpiresAt = (deletedAt: Date) => new Date(deletedAt.getTime() + TRASH_DAYS * DAY_MS);

/**
 * Deleting a document moves it to the trash (ADR 021): it keeps its versions, links and shares,
 * and can() reads it for no one until it is restored. Refused (409 legal_hold) under a hold.
 * The caller (the documents service) has checked the "delete" policy and tells search and sockets.
 */
export async function moveToTrash(db: Db, viewer: Viewer, doc: { id: string; organizationId: string; title: string; kind: string; status: string; visibility: string; clientOrganizationId: string | null }, now = new Date()) {
  await db.$transaction(async (tx) => {
    await assertDocumentNotHeld(tx, doc.id);
    const { count } = await tx.document.updateMany({ where: { id: doc.id, deletedAt: null }, data: { deletedAt: now, deletedById: viewer.id } });
    if (count === 0) throw notFound("document");
    await recordAuditEvent(tx, {
      organizationId: doc.organizationId,
      actorId: viewer.id,
      action: "document.trashed",
      targetType: "document",
      targetId: doc.id,
      data: {
        before: { kind: doc.kind, title: doc.title, status: doc.status, visibility: doc.visibility, clientOrganizationId: doc.clientOrganizationId },
        after: { deletedAt: now.toISOString() },
      },
    });
  });
}

/** Takes a document out of the trash, versions and links as they were. 410 after TRASH_DAYS. */
export async function restoreFromTrash(db: Db, viewer: Viewer, id: unknown, now = new Date()) {
  const documentId = parseInput(IdSchema, id);
  const doc = await db.document.findUnique({ where: { id: documentId }, select: { id: true, title: true, deletedById: true, ...ACCESS_SELECT } });
  // Someone who could not read it learns nothing about it, in the trash or not.
  if (!doc?.deletedAt) throw notFound("document");
  const resource = { ...documentResource(doc), deleted: false };
  if (!can(viewer, "read", resource)) throw notFound("document");
  if (!canRestoreFromTrash(viewer, doc, resource)) throw forbidden("Only who deleted it, its owner or an admin can restore it.");
  if (trashExpiresAt(doc.deletedAt) <= now) {
    throw gone("trash_expired", `It was deleted more than ${TRASH_DAYS} days ago and can no longer be restored.`);
  }
  const deletedAt = doc.deletedAt;
  await db.$transaction(async (tx) => {
    const { count } = await tx.document.updateMany({ where: { id: doc.id, deletedAt }, data: { deletedAt: null, deletedById: null } });
    if (count === 0) throw notFound("document");
    await recordAuditEvent(tx, {
      organizationId: doc.organizationId,
      actorId: viewer.id,
      action: "document.restored_from_trash",
      targetType: "document",
      targetId: doc.id,
      data: { before: { deletedAt: deletedAt.toISOString(), deletedById: doc.deletedById }, after: { title: doc.title } },
    });
  });
  return { id: doc.id };
}

/**
 * The trash as this viewer sees it: what they deleted or own; an admin, everything of their
 * organisation they could read. With each, when it leaves and what keeps it past that.
 */
export async function listTrash(db: Db, viewer: Viewer, { now = new Date(), retentionYears }: { now?: Date; retentionYears: number }) {
  const scope = readableScope(viewer);
  if (!scope.staffOrganizationIds.length) throw forbidden("Only the provider's team has a trash.");
  const rows = await db.document.findMany({
    where: {
      AND: [
        // The read rule without its "not trashed" part: exactly what they could read were it restored.
        { ...readableDocumentsWhere(viewer), deletedAt: { not: null } },
        { OR: [{ organizationId: { in: scope.adminOrganizationIds } }, { deletedById: viewer.id }, { ownerId: viewer.id }] },
      ],
    },
    select: { id: true, title: true, kind: true, deletedById: true, deletedBy: { select: { id: true, name: true } }, ...ACCESS_SELECT },
    orderBy: [{ deletedAt: "desc" }, { id: "asc" }],
  });
  const blockers = await purgeBlockers(db, rows.map((r) => r.id), { now, retentionYears });
  return rows.map((row) => {
    const expiresAt = trashExpiresAt(row.deletedAt!);
    return {
      ...row,
      deletedAt: row.deletedAt!,
      expiresAt,
      daysLeft: Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS)),
      canRestore: expiresAt > now && canRestoreFromTrash(viewer, row, { ...documentResource(row), deleted: false }),
      keptBy: blockers.get(row.id) ?? [],
    };
  });
}
export type TrashItem = Awaited<ReturnType<typeof listTrash>>[number];
