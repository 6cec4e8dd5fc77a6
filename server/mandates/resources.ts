import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { isLinkedToClientDeliverable } from "../documents/client-suggestions.ts";
import { documentResource, readableDocumentsWhere } from "../documents/policy.ts";
import { conflict, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { requireOpen, type MandateGuards } from "./guards.ts";
import { versionsInForce } from "../documents/in-force.ts";
import { isDeliveredWork, linkNotAllowed, linkRefusal, withVersions, type MandateScope } from "./links.ts";
import { readableMandatesWhere } from "./policy.ts";
import { DocumentIdsSchema, IdSchema, ResourceAttachSchema } from "./schema.ts";
import { LINK_INCLUDE, LINK_TARGET_SELECT } from "./rows.ts";

type Tx = Prisma.TransactionClient;

/**
 * Library documents linked to a mandate or one of its deliverables, pinned to the version in
 * force when attached (a toolkit brings its documents), moved forward to a newer publication,
 * detached; and the other way round, where a document is used ("Used by", usage counts).
 */
export function createResourceCommands({
  db,
  now,
  guards,
  onDocumentsLockChanged,
}: {
  db: Db;
  now: () => Date;
  guards: MandateGuards;
  /** A document no longer linked to a deliverable of its client stops taking the client's suggestions: its sockets re-check. */
  onDocumentsLockChanged: (documentIds: string[]) => void;
}) {
  const { requireMandate } = guards;

  return {
    /**
     * Links a library document to the mandate, or to one of its deliverables, pinned to its
     * newest published version. A toolkit brings its documents (each pinned, `viaToolkitId`
     * set; those already linked at the same place are skipped). Refused as a whole — nothing
     * written — if any document breaks the link rule (ADR 009). Returns the new links.
     * `origin` is for services, never the API: a document generated from a template records the
     * template version it was filled from (the delivery record names it, ADR 020).
     */
    async attachResource(viewer: Viewer, mandateId: unknown, raw: unknown, origin: { generatedFromVersionId?: string | null } = {}) {
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
      const latest = await versionsInForce(db, [doc.id, ...members.map((m) => m.id)], now());
      const targets = [
        { documentId: doc.id, deliverableId, versionId: latest.get(doc.id)?.id ?? null, viaToolkitId: null, generatedFromVersionId: origin.generatedFromVersionId ?? null },
        ...members
          .filter((m) => !existing.has(m.id))
          .map((m) => ({ documentId: m.id, deliverableId, versionId: latest.get(m.id)?.id ?? null, viaToolkitId: doc.id })),
      ];
      const ids = await db.$transaction(async (tx) => {
        const created = await createLinks(tx, viewer, mandate, targets, now());
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
      return withVersions(db, viewer, links, now());
    },

    /**
     * Moves a link forward to the version in force now ("newer version available"): for work
     * still to do only. A delivered or accepted deliverable's links are a 409 (ADR 020).
     */
    async moveLinkForward(viewer: Viewer, mandateId: unknown, linkId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "update");
      requireOpen(mandate);
      const link = await db.resourceLink.findFirst({
        where: { id: parseInput(IdSchema, linkId), mandateId: mandate.id },
        include: LINK_INCLUDE,
      });
      if (!link) throw notFound("resource link");
      if (isDeliveredWork(link)) {
        throw conflict("deliverable_delivered", "This deliverable was delivered: its links keep the versions it was delivered under.");
      }
      const [row] = await withVersions(db, viewer, [link], now());
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
      return (await withVersions(db, viewer, [moved], now()))[0]!;
    },

    /**
     * Removes a link (not the document). A toolkit's link takes the links it brought at the same
     * place. A client's document that was open to the client's suggestions as a deliverable's
     * (ADR 032) and is now linked to none of that client's deliverables is closed to them again.
     */
    async detachResource(viewer: Viewer, mandateId: unknown, linkId: unknown) {
      const mandate = await requireMandate(viewer, mandateId, "update");
      requireOpen(mandate);
      const link = await db.resourceLink.findFirst({ where: { id: parseInput(IdSchema, linkId), mandateId: mandate.id }, include: LINK_INCLUDE });
      if (!link) throw notFound("resource link");
      let closed = false;
      await db.$transaction(async (tx) => {
        const brought = link.document.kind === "TOOLKIT"
          ? await tx.resourceLink.deleteMany({ where: { mandateId: mandate.id, deliverableId: link.deliverableId, viaToolkitId: link.documentId } })
          : { count: 0 };
        await tx.resourceLink.delete({ where: { id: link.id } });
        closed = await closeClientSuggestionsIfNoDeliverable(tx, viewer, link.documentId);
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
      if (closed) onDocumentsLockChanged([link.documentId]);
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
      const inForce = (await versionsInForce(db, [doc.id], now())).get(doc.id);
      const latest = inForce ? { id: inForce.id, number: inForce.number } : null;
      return {
        document: { id: doc.id, title: doc.title, kind: doc.kind },
        latestVersion: latest,
        links: await withVersions(db, viewer, links, now()),
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

  };
}

/** ADR 032: the switch goes off with the document's last link to a deliverable of its client. */
async function closeClientSuggestionsIfNoDeliverable(tx: Tx, viewer: Viewer, documentId: string): Promise<boolean> {
  const doc = await tx.document.findUnique({ where: { id: documentId }, select: { organizationId: true, clientOrganizationId: true, clientMaySuggest: true } });
  if (!doc?.clientMaySuggest || !doc.clientOrganizationId) return false;
  if (await isLinkedToClientDeliverable(tx, documentId, doc.clientOrganizationId)) return false;
  await tx.document.update({ where: { id: documentId }, data: { clientMaySuggest: false } });
  await recordAuditEvent(tx, {
    organizationId: doc.organizationId,
    actorId: viewer.id,
    action: "document.updated",
    targetType: "document",
    targetId: documentId,
    data: { before: { clientMaySuggest: true }, after: { clientMaySuggest: false }, because: "unlinked from its client's last deliverable" },
  });
  return true;
}

/** Link rows for `targets`, attached by the viewer at `at`; the caller checked every rule (ADR 009). */
export async function createLinks(
  tx: Tx,
  viewer: Viewer,
  mandate: MandateScope,
  targets: Array<{ documentId: string; deliverableId: string | null; versionId: string | null; viaToolkitId: string | null; generatedFromVersionId?: string | null }>,
  at: Date,
) {
  const ids: string[] = [];
  for (const t of targets) {
    const link = await tx.resourceLink.create({
      data: {
        mandateId: mandate.id,
        deliverableId: t.deliverableId,
        documentId: t.documentId,
        documentVersionId: t.versionId,
        viaToolkitId: t.viaToolkitId,
        generatedFromVersionId: t.generatedFromVersionId ?? null,
        attachedById: viewer.id,
        attachedAt: at,
      },
    });
    ids.push(link.id);
  }
  return ids;
}
