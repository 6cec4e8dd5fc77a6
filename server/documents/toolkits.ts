import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { LIST_OMIT, SUMMARY_INCLUDE, type DocumentAccess } from "./access.ts";
import type { DocumentEvents } from "./events.ts";
import { ACCESS_SELECT, documentResource, readableDocumentsWhere } from "./policy.ts";
import { ToolkitCandidatesSchema, ToolkitDeliverableTypeSchema, ToolkitItemSchema, ToolkitItemsSchema, ToolkitMoveSchema } from "./schema.ts";
import { titleWordsWhere } from "./title-match.ts";

/**
 * Toolkits: a TOOLKIT document holds an ordered list of other documents. A viewer sees only
 * the members they may read; a client's material goes only into that client's own toolkits.
 */

/** Candidates offered at once when adding to a toolkit; a search narrows them. */
const TOOLKIT_CANDIDATES_MAX = 50;

export function createToolkits({ db, access, events }: { db: Db; access: DocumentAccess; events: DocumentEvents }) {
  async function toolkitIds(viewer: Viewer, id: unknown) {
    const { doc } = await access.requireDocument(viewer, id, "update");
    if (doc.kind !== "TOOLKIT") throw conflict("not_a_toolkit", "Only a toolkit holds other documents.");
    const items = await db.toolkitItem.findMany({ where: { toolkitId: doc.id }, orderBy: { position: "asc" }, select: { documentId: true } });
    return items.map((i) => i.documentId);
  }

  const toolkits = {
    /** A toolkit's documents in order: only those the viewer may read. */
    async listToolkitItems(viewer: Viewer, id: unknown) {
      const { doc } = await access.requireDocument(viewer, id, "read");
      if (doc.kind !== "TOOLKIT") return [];
      return db.toolkitItem.findMany({
        where: { toolkitId: doc.id, document: readableDocumentsWhere(viewer) },
        orderBy: { position: "asc" },
        include: { document: { include: SUMMARY_INCLUDE } },
      });
    },

    /** Documents that could join the toolkit: readable, not toolkits, not already in it; by title. */
    async listToolkitCandidates(viewer: Viewer, id: unknown, raw: unknown) {
      const { q } = parseInput(ToolkitCandidatesSchema, raw);
      const { doc } = await access.requireDocument(viewer, id, "update");
      if (doc.kind !== "TOOLKIT") return [];
      return db.document.findMany({
        where: {
          AND: [
            readableDocumentsWhere(viewer),
            { kind: { not: "TOOLKIT" }, status: { not: "ARCHIVED" }, inToolkits: { none: { toolkitId: doc.id } } },
            // House material, or the toolkit's own client's (setToolkitItems' rule).
            { OR: [{ clientOrganizationId: null }, ...(doc.clientOrganizationId ? [{ clientOrganizationId: doc.clientOrganizationId }] : [])] },
            q ? titleWordsWhere(q) : {},
          ],
        },
        include: SUMMARY_INCLUDE,
        omit: LIST_OMIT,
        orderBy: [{ title: "asc" }, { id: "asc" }],
        take: TOOLKIT_CANDIDATES_MAX,
      });
    },

    /**
     * Sets a toolkit's documents, in order (add, remove and reorder in one), and the deliverable
     * types its templates suggest (`deliverables`; left out, the templates that stay keep theirs).
     */
    async setToolkitItems(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentIds, deliverables } = parseInput(ToolkitItemsSchema, raw);
      const { doc: toolkit } = await access.requireDocument(viewer, id, "update");
      if (toolkit.kind !== "TOOLKIT") throw conflict("not_a_toolkit", "Only a toolkit holds other documents.");
      const members = documentIds.length
        ? await db.document.findMany({
            where: { id: { in: documentIds } },
            select: { id: true, kind: true, ...ACCESS_SELECT },
          })
        : [];
      const byId = new Map(members.map((m) => [m.id, m]));
      const issues = documentIds.flatMap((documentId, index) => {
        const member = byId.get(documentId);
        const path = `documentIds.${index}`;
        if (documentId === toolkit.id) return [{ path, message: "A toolkit cannot contain itself." }];
        if (!member || !can(viewer, "read", documentResource(member))) return [{ path, message: "There is no such document." }];
        if (member.kind === "TOOLKIT") return [{ path, message: "A toolkit holds documents, not other toolkits." }];
        if (member.clientOrganizationId !== null && member.clientOrganizationId !== toolkit.clientOrganizationId) {
          return [{ path, message: "A client's material cannot go into a house toolkit or another client's." }];
        }
        return [];
      });
      deliverables?.forEach(({ documentId }, index) => {
        const member = byId.get(documentId);
        if (member && member.kind !== "TEMPLATE") {
          issues.push({ path: `deliverables.${index}.documentId`, message: `Only a template drafts a deliverable: this is a ${member.kind.toLowerCase()}.` });
        }
      });
      if (issues.length) throw invalid(issues);

      const before = await db.toolkitItem.findMany({ where: { toolkitId: toolkit.id }, orderBy: { position: "asc" }, select: { documentId: true, deliverableType: true } });
      const types = new Map(
        deliverables ? deliverables.map((d) => [d.documentId, d.type]) : before.flatMap((i) => (i.deliverableType ? [[i.documentId, i.deliverableType] as const] : [])),
      );
      const after = documentIds.map((documentId) => ({ documentId, deliverableType: types.get(documentId) ?? null }));
      const deliverablesOf = (items: typeof after) => items.flatMap((i) => (i.deliverableType ? [{ documentId: i.documentId, type: i.deliverableType }] : []));
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        const beforeIds = before.map((i) => i.documentId);
        await db
          .$transaction(async (tx) => {
            await tx.toolkitItem.deleteMany({ where: { toolkitId: toolkit.id } });
            await tx.toolkitItem.createMany({
              data: after.map((item, position) => ({ toolkitId: toolkit.id, ...item, position })),
            });
            await tx.document.update({ where: { id: toolkit.id }, data: { updatedAt: new Date() } });
            await recordAuditEvent(tx, {
              organizationId: toolkit.organizationId,
              actorId: viewer.id,
              action: "document.toolkit_items_changed",
              targetType: "document",
              targetId: toolkit.id,
              data: { before: { documentIds: beforeIds, deliverables: deliverablesOf(before) }, after: { documentIds, deliverables: deliverablesOf(after) } },
            });
          })
          .catch((error: unknown) => {
            // Two people reordering at once: the second write collides with the first.
            if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
              throw conflict("toolkit_changed", "The toolkit changed while you were editing it. Reload and try again.");
            }
            throw error;
          });
        events.changed(toolkit.id);
      }
      return toolkits.listToolkitItems(viewer, toolkit.id);
    },

    async addToolkitItem(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId } = parseInput(ToolkitItemSchema, raw);
      const current = await toolkitIds(viewer, id);
      if (current.includes(documentId)) throw conflict("already_in_toolkit", "This document is already in the toolkit.");
      return toolkits.setToolkitItems(viewer, id, { documentIds: [...current, documentId] });
    },

    async removeToolkitItem(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId } = parseInput(ToolkitItemSchema, raw);
      const current = await toolkitIds(viewer, id);
      if (!current.includes(documentId)) throw notFound("toolkit item");
      return toolkits.setToolkitItems(viewer, id, { documentIds: current.filter((d) => d !== documentId) });
    },

    /** Names (or, blank, clears) the deliverable type one of the toolkit's templates suggests; the others keep theirs. */
    async setToolkitDeliverableType(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId, type } = parseInput(ToolkitDeliverableTypeSchema, raw);
      const { doc } = await access.requireDocument(viewer, id, "update");
      if (doc.kind !== "TOOLKIT") throw conflict("not_a_toolkit", "Only a toolkit holds other documents.");
      const items = await db.toolkitItem.findMany({ where: { toolkitId: doc.id }, orderBy: { position: "asc" }, select: { documentId: true, deliverableType: true } });
      if (!items.some((i) => i.documentId === documentId)) throw notFound("toolkit item");
      const deliverables = items.flatMap((i) => {
        const next = i.documentId === documentId ? type : i.deliverableType;
        return next ? [{ documentId: i.documentId, type: next }] : [];
      });
      return toolkits.setToolkitItems(viewer, doc.id, { documentIds: items.map((i) => i.documentId), deliverables });
    },

    async moveToolkitItem(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId, direction } = parseInput(ToolkitMoveSchema, raw);
      const current = await toolkitIds(viewer, id);
      const from = current.indexOf(documentId);
      if (from === -1) throw notFound("toolkit item");
      const to = direction === "up" ? from - 1 : from + 1;
      if (to < 0 || to >= current.length) return toolkits.listToolkitItems(viewer, id);
      const next = [...current];
      [next[from], next[to]] = [next[to]!, next[from]!];
      return toolkits.setToolkitItems(viewer, id, { documentIds: next });
    },
  };
  return toolkits;
}
