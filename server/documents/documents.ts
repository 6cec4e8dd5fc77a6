import * as Y from "yjs";
import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../errors.ts";
import { mandateResource } from "../mandates/policy.ts";
import { moveToTrash, restoreFromTrash } from "../retention/trash.ts";
import { parseInput } from "../validation.ts";
import { LIST_OMIT, OWNER, SUMMARY_INCLUDE, type DocumentAccess } from "./access.ts";
import { contentFromInput } from "./content.ts";
import { deriveContent } from "./derive.ts";
import type { DocumentEvents } from "./events.ts";
import { documentResource, organizationForNewDocument, readableDocumentsWhere } from "./policy.ts";
import type { Publishing } from "./publishing.ts";
import { readQuarantineReport } from "./state-store.ts";
import { DocumentCreateSchema, DocumentListQuerySchema, DocumentUpdateSchema, type DocumentKind, type DocumentUpdateInput } from "./schema.ts";
import { titleWordsWhere } from "./title-match.ts";
import { isLinkedToClientDeliverable } from "./client-suggestions.ts";

/**
 * Documents as library entries: list and filter them, read one (the version a viewer may
 * read), create, change metadata and access, delete. Content and versions are content.ts's,
 * toolkits toolkits.ts's, the review workflow publishing.ts's.
 */

/** The metadata fields an update may change, in the order they are shown in an audit event. */
const TRACKED = [
  "title",
  "summary",
  "practiceArea",
  "jurisdictions",
  "tags",
  "status",
  "visibility",
  "slug",
  "ownerRole",
  "reviewIntervalMonths",
  "lawStatedAt",
  "confidentiality",
  "viewersMaySuggest",
  "clientMaySuggest",
] as const;

export type DocumentRecordsDeps = { db: Db; access: DocumentAccess; events: DocumentEvents; publishing: Publishing };

export function createDocumentRecords({ db, access, events, publishing }: DocumentRecordsDeps) {
  const { requireDocument } = access;

  /**
   * The client a new document's material belongs to: the mandate's, when it is made for one the
   * viewer may change (404 for a mandate they may not read, 403 for one they may not change).
   */
  async function clientOfMandate(viewer: Viewer, mandateId: string, organizationId: string) {
    const mandate = await db.mandate.findUnique({ where: { id: mandateId }, select: { id: true, providerOrganizationId: true, clientOrganizationId: true } });
    if (!mandate || mandate.providerOrganizationId !== organizationId || !can(viewer, "read", mandateResource(mandate))) throw notFound("mandate");
    authorize(viewer, "update", mandateResource(mandate));
    return mandate;
  }

  /** Client organisations only; a client's material is shared with that client alone (ADR 013). */
  async function checkShareTargets(ids: string[], clientOrganizationId: string | null) {
    if (!ids.length) return;
    const others = clientOrganizationId ? ids.filter((id) => id !== clientOrganizationId) : [];
    if (others.length) {
      throw invalid([{ path: "sharedWithOrganizationIds", message: "A client's material is shared with that client only." }]);
    }
    const orgs = await db.organization.findMany({ where: { id: { in: ids }, kind: "CLIENT" }, select: { id: true } });
    const known = new Set(orgs.map((o) => o.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw invalid(
        [{ path: "sharedWithOrganizationIds", message: `Share only with client organisations (unknown: ${unknown.join(", ")}).` }],
      );
    }
  }

  /**
   * The client may be let suggest only on their own deliverable's document: client material
   * linked to a deliverable of one of that client's mandates (409 otherwise, naming why).
   */
  async function checkClientMaySuggest(documentId: string, clientOrganizationId: string | null) {
    if (!clientOrganizationId) {
      throw conflict("not_a_deliverable", "House knowledge has no client: only a document made for a client's deliverable can take the client's suggestions.");
    }
    if (!(await isLinkedToClientDeliverable(db, documentId, clientOrganizationId))) {
      throw conflict("not_a_deliverable", "This document is not linked to a deliverable of its client: link it to one before letting the client suggest.");
    }
  }

  const records = {
    async list(viewer: Viewer, raw: unknown) {
      const q = parseInput(DocumentListQuerySchema, raw);
      const filters: Prisma.DocumentWhereInput = {
        ...(q.kind ? { kind: q.kind } : {}),
        // Archived documents leave the library unless asked for.
        status: q.status ?? { not: "ARCHIVED" },
        ...(q.practiceArea ? { practiceArea: { equals: q.practiceArea, mode: "insensitive" } } : {}),
        ...(q.jurisdiction ? { jurisdictions: { has: q.jurisdiction } } : {}),
        ...(q.tag ? { tags: { has: q.tag } } : {}),
        ...(q.ownerId ? { ownerId: q.ownerId } : {}),
        ...(q.q ? titleWordsWhere(q.q) : {}),
        ...(q.client === "house" ? { clientOrganizationId: null } : q.client ? { clientOrganizationId: q.client } : {}),
      };
      const where: Prisma.DocumentWhereInput = { AND: [readableDocumentsWhere(viewer), filters] };
      const sort = q.sort ?? "updated";
      const order = q.order ?? (sort === "title" ? "asc" : "desc");
      const field = sort === "title" ? "title" : sort === "created" ? "createdAt" : "updatedAt";
      const [total, items] = await Promise.all([
        db.document.count({ where }),
        db.document.findMany({
          where,
          include: SUMMARY_INCLUDE,
          omit: LIST_OMIT,
          // The id breaks ties, so a page boundary never shows a document twice or skips one.
          orderBy: [{ [field]: order }, { id: "asc" }],
          skip: (q.page - 1) * q.pageSize,
          take: q.pageSize,
        }),
      ]);
      return { items, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
    },

    /** Values the library's filters can offer: those of the documents this viewer can read. */
    async listFacets(viewer: Viewer) {
      const rows = await db.document.findMany({
        where: { AND: [readableDocumentsWhere(viewer), { status: { not: "ARCHIVED" } }] },
        select: { practiceArea: true, jurisdictions: true, tags: true, owner: OWNER },
      });
      const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
      const owners = new Map<string, { id: string; name: string }>();
      for (const r of rows) if (r.owner) owners.set(r.owner.id, r.owner);
      return {
        practiceAreas: sorted(rows.flatMap((r) => (r.practiceArea ? [r.practiceArea] : []))),
        jurisdictions: sorted(rows.flatMap((r) => r.jurisdictions)),
        tags: sorted(rows.flatMap((r) => r.tags)),
        owners: [...owners.values()].sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    /** The client organisations a document may be shared with: any client for house knowledge, its own client for client material. */
    async listShareTargets(viewer: Viewer, clientOrganizationId: string | null = null) {
      const organizationId = organizationForNewDocument(viewer);
      if (!organizationId) return [];
      return db.organization.findMany({
        where: { kind: "CLIENT", ...(clientOrganizationId ? { id: clientOrganizationId } : {}) },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      });
    },

    /** Whether the viewer may create documents (the library's "New document"). */
    canCreate(viewer: Viewer) {
      return organizationForNewDocument(viewer) !== undefined;
    },

    /**
     * The document a library file (server/library) updates: the viewer's organisation's one with
     * this slug or, failing that, one made in the app that has no slug yet, of the same kind and
     * title (a first export names it by its title; its re-import then finds it). null: create.
     */
    async findLibraryMatch(viewer: Viewer, match: { slug: string; kind?: DocumentKind; title?: string }) {
      const organizationId = organizationForNewDocument(viewer);
      if (!organizationId) return null;
      const doc =
        (await db.document.findUnique({
          where: { organizationId_slug: { organizationId, slug: match.slug } },
          include: SUMMARY_INCLUDE,
          omit: { ydocState: true },
        })) ??
        (match.kind && match.title
          ? await db.document.findFirst({
              where: { organizationId, slug: null, kind: match.kind, title: match.title },
          include: SUMMARY_INCLUDE,
          omit: { ydocState: true },
              orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            })
          : null);
      return doc && can(viewer, "read", documentResource(doc)) ? doc : null;
    },

    /**
     * Metadata plus the derived content (JSON, plain text, sections): the live draft's for those
     * who may see drafts, the published version's for everyone else (ADR 012).
     */
    async get(viewer: Viewer, id: unknown) {
      const { doc, resource } = await requireDocument(viewer, id, "read");
      const [published, quarantinedUpdates] = await Promise.all([
        publishing.readerContent(viewer, doc, resource),
        // Updates set aside as unreadable (ADR 023): an admin's to know about, nobody else's.
        can(viewer, "administer", resource) ? readQuarantineReport(db, doc.id) : null,
      ]);
      return { ...doc, ...published, quarantinedUpdates };
    },

    /**
     * A new document of the viewer's provider organisation. `origin` is for services, never the
     * API: a house precedent promoted from client material records its source (server/documents/promotion.ts).
     */
    async create(viewer: Viewer, raw: unknown, origin: { promotedFromId?: string } = {}) {
      const input = parseInput(DocumentCreateSchema, raw);
      const organizationId = organizationForNewDocument(viewer);
      if (!organizationId) throw forbidden("Only the provider's editors and admins can create documents.");
      const mandate = input.mandateId ? await clientOfMandate(viewer, input.mandateId, organizationId) : null;
      const clientOrganizationId = mandate?.clientOrganizationId ?? null;
      authorize(viewer, "create", {
        type: "document",
        organizationId,
        ownerId: viewer.id,
        status: input.status,
        sharedWithOrganizationIds: [],
        clientOrganizationId,
      });
      await checkShareTargets(input.sharedWithOrganizationIds, clientOrganizationId);

      const ydoc = contentFromInput(input);
      let derived;
      let ydocState;
      try {
        derived = deriveContent(ydoc);
        ydocState = Y.encodeStateAsUpdate(ydoc);
      } finally {
        ydoc.destroy();
      }

      const doc = await db.$transaction(async (tx) => {
        const created = await tx.document.create({
          data: {
            organizationId,
            kind: input.kind,
            ...libraryFields(input),
            clientOrganizationId,
            mandateId: mandate?.id ?? null,
            confidentiality: mandate ? (input.confidentiality ?? "CLIENT_CONFIDENTIAL") : "HOUSE",
            ownerId: viewer.id,
            ydocState: new Uint8Array(ydocState),
            contentJson: derived.json as Prisma.InputJsonValue,
            contentText: derived.text,
            sections: derived.sections as unknown as Prisma.InputJsonValue,
            derivedAt: new Date(),
            shares: { create: input.sharedWithOrganizationIds.map((id) => ({ organizationId: id })) },
            promotedFromId: origin.promotedFromId ?? null,
          },
          include: SUMMARY_INCLUDE,
        });
        await recordAuditEvent(tx, {
          organizationId,
          actorId: viewer.id,
          action: "document.created",
          targetType: "document",
          targetId: created.id,
          data: {
            after: {
              kind: created.kind,
              title: created.title,
              status: created.status,
              visibility: created.visibility,
              sharedWithOrganizationIds: input.sharedWithOrganizationIds,
              clientOrganizationId,
              mandateId: created.mandateId,
              confidentiality: created.confidentiality,
              ...(origin.promotedFromId ? { promotedFromId: origin.promotedFromId } : {}),
            },
          },
        });
        return created;
      }).catch(slugTaken);
      // Created as published (the library import, the API): recorded as published without review.
      // The index hears of it after that, as its record says whether a publication exists.
      if (doc.status === "PUBLISHED") await publishing.afterDirectStatusSet(viewer, doc.id, doc.status);
      events.changed(doc.id);
      return doc;
    },

    /** PATCH: metadata, status, visibility and shares. A change of access re-checks open sockets. */
    async update(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(DocumentUpdateSchema, raw);
      const { doc: before, resource } = await requireDocument(viewer, id, "update");
      if (input.status !== undefined && input.status !== before.status && !can(viewer, "administer", resource)) {
        throw new AppError(
          403,
          "review_required",
          "Only an admin can set the status directly: submit the document for review, then publish it.",
        );
      }
      // Who may propose changes to the draft is access to it, so it is an admin's decision (ADR 032).
      if (input.viewersMaySuggest !== undefined && input.viewersMaySuggest !== before.viewersMaySuggest && !can(viewer, "administer", resource)) {
        throw forbidden("Only an admin can let viewers suggest on a document.");
      }
      // Its editors open a deliverable's draft to its client (who must already read it: ADR 032).
      if (input.clientMaySuggest === true && !before.clientMaySuggest) await checkClientMaySuggest(before.id, before.clientOrganizationId);
      const visibility = input.visibility ?? before.visibility;
      const beforeShares = before.shares.map((s) => s.organizationId);
      // An INTERNAL document has no shares: turning sharing off forgets who it was shared with.
      const shares = visibility === "INTERNAL" ? [] : (input.sharedWithOrganizationIds ?? beforeShares);
      if (visibility === "INTERNAL" && input.sharedWithOrganizationIds?.length) {
        throw invalid([{ path: "sharedWithOrganizationIds", message: "Make the document shared before choosing client organisations." }]);
      }
      await checkShareTargets(shares.filter((s) => !beforeShares.includes(s)), before.clientOrganizationId);
      if (input.confidentiality !== undefined && before.clientOrganizationId === null) {
        throw invalid([{ path: "confidentiality", message: "House knowledge has no client marking; promote or copy client material instead." }]);
      }

      const changed: Record<string, { before: unknown; after: unknown }> = {};
      for (const key of TRACKED) {
        const next = input[key];
        if (next === undefined) continue;
        if (JSON.stringify(next) !== JSON.stringify(before[key])) changed[key] = { before: before[key], after: next };
      }
      const sharesChanged = shares.length !== beforeShares.length || shares.some((s) => !beforeShares.includes(s));
      if (sharesChanged) changed.sharedWithOrganizationIds = { before: beforeShares, after: shares };
      if (Object.keys(changed).length === 0) return records.get(viewer, before.id);

      const status = input.status ?? before.status;
      const action =
        status !== before.status && status === "PUBLISHED"
          ? "document.published"
          : status !== before.status && status === "ARCHIVED"
            ? "document.archived"
            : "document.updated";

      const doc = await db.$transaction(async (tx) => {
        if (sharesChanged) {
          await tx.documentShare.deleteMany({ where: { documentId: before.id, organizationId: { notIn: shares } } });
          await tx.documentShare.createMany({
            data: shares.filter((s) => !beforeShares.includes(s)).map((organizationId) => ({ documentId: before.id, organizationId })),
            skipDuplicates: true,
          });
        }
        const updated = await tx.document.update({
          where: { id: before.id },
          data: {
            ...libraryFields(input),
            confidentiality: input.confidentiality,
            viewersMaySuggest: input.viewersMaySuggest,
            clientMaySuggest: input.clientMaySuggest,
          },
          include: SUMMARY_INCLUDE,
        });
        await recordAuditEvent(tx, {
          organizationId: before.organizationId,
          actorId: viewer.id,
          action,
          targetType: "document",
          targetId: before.id,
          data: {
            before: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.before])),
            after: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.after])),
            // A status set here skips the review workflow (an admin, or the library import): say so.
            ...("status" in changed ? { reviewBypassed: true } : {}),
          } as Prisma.InputJsonValue,
        });
        return updated;
      }).catch(slugTaken);
      // The publication first: the index's record and toolkits' member titles depend on it.
      if ("status" in changed) await publishing.afterDirectStatusSet(viewer, doc.id, doc.status);
      events.changed(doc.id);
      if (sharesChanged || "title" in changed || "status" in changed || "visibility" in changed) await events.toolkitsOfChanged(doc.id);
      if (sharesChanged || "visibility" in changed || "status" in changed) events.accessChanged([doc.id]);
      // Viewers' and clients' sockets re-check their access (suggest-only, or none again); editors' stay open.
      else if ("viewersMaySuggest" in changed || "clientMaySuggest" in changed) events.accessChanged([doc.id], { nonEditorsOnly: true });
      return doc;
    },

    /**
     * Moves the document to the trash (server/retention, ADR 021): it keeps its content, versions,
     * links and shares, and no one reads it until it is restored. The owner or an admin; 409 under a legal hold.
     */
    async delete(viewer: Viewer, id: unknown) {
      const { doc } = await requireDocument(viewer, id, "delete");
      await moveToTrash(db, viewer, doc);
      events.changed(doc.id, "deleted");
      await events.toolkitsOfChanged(doc.id);
      events.accessChanged([doc.id]);
    },

    /** Takes it out of the trash, as it was: search finds it again (server/retention decides who may). */
    async restoreFromTrash(viewer: Viewer, id: unknown) {
      const { id: documentId } = await restoreFromTrash(db, viewer, id);
      events.changed(documentId);
      await events.toolkitsOfChanged(documentId);
      return records.get(viewer, documentId);
    },
  };
  return records;
}

/** The library fields create and update write alike (TRACKED but the client marking, which create derives, and who may suggest). */
type LibraryField = Exclude<(typeof TRACKED)[number], "confidentiality" | "viewersMaySuggest" | "clientMaySuggest">;
function libraryFields<T extends Pick<DocumentUpdateInput, LibraryField>>(input: T): Pick<T, LibraryField> {
  const { title, summary, practiceArea, jurisdictions, tags, status, visibility, slug, ownerRole, reviewIntervalMonths, lawStatedAt } = input;
  return { title, summary, practiceArea, jurisdictions, tags, status, visibility, slug, ownerRole, reviewIntervalMonths, lawStatedAt };
}

/** The library's slug is unique per organisation: a second document with it is a conflict, not a 500. */
function slugTaken(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw conflict("slug_taken", "Another document in the library already has this slug.");
  }
  throw error;
}
