import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { forbidden, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { ACCESS_SELECT, documentResource, type DocumentResource } from "./policy.ts";
import { IdSchema } from "./schema.ts";

/**
 * How every part of the documents service finds a document for a viewer: one lookup, one
 * answer (404 when they may not read it, 403 when they may read but not act), and who may see
 * its history.
 */

export const OWNER = { select: { id: true, name: true } } as const;
export const SUMMARY_INCLUDE = {
  owner: OWNER,
  client: { select: { id: true, name: true } },
  shares: { select: { organizationId: true, organization: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.DocumentInclude;

/**
 * The large columns a list never shows: the Yjs state and the derived content. A list (and the
 * library's sort by usage, which reads up to 1,000 rows) reads without them; `get` reads the content.
 */
export const LIST_OMIT = { ydocState: true, contentJson: true, contentText: true, sections: true } as const satisfies Prisma.DocumentOmit;

export type DocumentAction = "read" | "update" | "delete";

export function createDocumentAccess(db: Db) {
  return {
    /** The policy resources of the documents that exist among `ids`, in one look-up (a storm of sync sockets asks for many). */
    async resourcesOf(ids: string[]): Promise<Map<string, DocumentResource>> {
      if (ids.length === 0) return new Map();
      const docs = await db.document.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, ...ACCESS_SELECT } });
      return new Map(docs.map((doc) => [doc.id, documentResource(doc)]));
    },

    /** A document the viewer may act on, or 404 (unreadable) / 403 (readable, but not this action). */
    async requireDocument(viewer: Viewer, id: unknown, action: DocumentAction) {
      const documentId = parseInput(IdSchema, id);
      const doc = await db.document.findUnique({ where: { id: documentId }, include: SUMMARY_INCLUDE, omit: { ydocState: true } });
      if (!doc) throw notFound("document");
      const resource = documentResource(doc);
      // Someone who may not read a document learns nothing about it, not even that it exists.
      if (!can(viewer, "read", resource)) throw notFound("document");
      authorize(viewer, action, resource);
      return { doc, resource };
    },

    /** Versions hold past drafts: the provider's own members may see them, clients may not. */
    authorizeHistory(viewer: Viewer, resource: DocumentResource) {
      const staff = viewer.memberships.some((m) => m.organizationId === resource.organizationId && m.role !== "CLIENT");
      if (!staff) throw forbidden("Only the provider's team can see a document's versions.");
    },

    /**
     * The versions a viewer who may not read the live draft (a VIEWER of a published document)
     * may list and compare: the publications up to the live one, never a later draft saved as a
     * version. Undefined: every version (they read the draft anyway).
     */
    async historyWhere(viewer: Viewer, doc: { id: string; publishedVersionId: string | null }, resource: DocumentResource) {
      if (can(viewer, "readDraft", resource)) return undefined;
      const live = doc.publishedVersionId
        ? await db.documentVersion.findUnique({ where: { id: doc.publishedVersionId }, select: { number: true } })
        : null;
      return { reason: "PUBLISH", number: { lte: live?.number ?? 0 } } satisfies Prisma.DocumentVersionWhereInput;
    },
  };
}

export type DocumentAccess = ReturnType<typeof createDocumentAccess>;
