import * as Y from "yjs";
import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { DIFF_MAX_TEXT_LENGTH, VERSIONS_LIST_MAX } from "../config.ts";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { deriveContent, markdownToJson, yDocFromJson } from "./derive.ts";
import { blocksFromJson, blocksFromText, diffDocuments, type Block } from "./diff.ts";
import { ACCESS_SELECT, documentResource, organizationForNewDocument, readableDocumentsWhere, type DocumentResource } from "./policy.ts";
import { mandateResource } from "../mandates/policy.ts";
import {
  CURRENT,
  DiffQuerySchema,
  DocumentContentSchema,
  DocumentCreateSchema,
  DocumentListQuerySchema,
  DocumentUpdateSchema,
  IdSchema,
  ToolkitCandidatesSchema,
  ToolkitItemSchema,
  ToolkitItemsSchema,
  ToolkitMoveSchema,
  VersionCreateSchema,
  type DocumentCreateInput,
  type DocumentKind,
} from "./schema.ts";
import { createDocumentStateStore, type DocumentStateStore } from "./state-store.ts";
import { createPublishing } from "./publishing.ts";
import { insertVersion, restoreUpdate, snapshotOf, yDocFromState, type DocumentSync } from "./versions.ts";

/**
 * The documents domain: the library's metadata, toolkits and versions. Every read and write
 * asks `can(viewer, action, document)`; lists apply the same rule as a WHERE clause
 * (policy.ts) so paging and counts see only what the viewer may read.
 *
 * Content itself is a Y.Doc edited through server/collab; this service writes it only to set
 * the initial content and to restore a version, both as ordinary Yjs updates.
 */

const OWNER = { select: { id: true, name: true } } as const;
const SUMMARY_INCLUDE = {
  owner: OWNER,
  client: { select: { id: true, name: true } },
  shares: { select: { organizationId: true, organization: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.DocumentInclude;

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
  "confidentiality",
] as const;

export type DocumentServiceDeps = {
  db: Db;
  /**
   * The sync server. It is built after this service (it needs `getAccess`), so it is looked up
   * when needed: by default whatever `connectSync` was given. Without one, restores go to the
   * update log through the state store.
   */
  sync?: () => DocumentSync | undefined;
  store?: DocumentStateStore;
};

/** What happened to a document's row: "saved" (created, metadata, access or restored content) or "deleted". */
export type DocumentChange = "saved" | "deleted";

export function createDocumentService({ db, sync: syncDep, store = createDocumentStateStore({ db }) }: DocumentServiceDeps) {
  let connected: DocumentSync | undefined;
  const sync = syncDep ?? (() => connected);
  const changeListeners = new Set<(documentId: string, change: DocumentChange) => void>();
  /** Tells listeners (the search indexer) after the write is committed; a listener's throw is not the caller's. */
  /** A toolkit's search record lists its members' titles (search/records.ts): a member's change is the toolkit's too. */
  async function notifyToolkitsOf(documentId: string) {
    const items = await db.toolkitItem.findMany({ where: { documentId }, select: { toolkitId: true } });
    for (const { toolkitId } of items) notifyChanged(toolkitId);
  }

  function notifyChanged(documentId: string, change: DocumentChange = "saved") {
    for (const listener of changeListeners) {
      try {
        listener(documentId, change);
      } catch {
        // A listener logs its own failures; the write already happened.
      }
    }
  }
  /** A document the viewer may act on, or 404 (unreadable) / 403 (readable, but not this action). */
  async function requireDocument(viewer: Viewer, id: unknown, action: "read" | "update" | "delete") {
    const documentId = parseInput(IdSchema, id);
    const doc = await db.document.findUnique({ where: { id: documentId }, include: SUMMARY_INCLUDE, omit: { ydocState: true } });
    if (!doc) throw notFound("document");
    const resource = documentResource(doc);
    // Someone who may not read a document learns nothing about it, not even that it exists.
    if (!can(viewer, "read", resource)) throw notFound("document");
    authorize(viewer, action, resource);
    return { doc, resource };
  }

  /** Versions hold past drafts: the provider's own members may see them, clients may not. */
  function authorizeHistory(viewer: Viewer, resource: DocumentResource) {
    const staff = viewer.memberships.some((m) => m.organizationId === resource.organizationId && m.role !== "CLIENT");
    if (!staff) throw forbidden("Only the provider's team can see a document's versions.");
  }

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

  /**
   * The versions a viewer who may not read the live draft (a VIEWER of a published document)
   * may list and compare: the publications up to the live one, never a later draft saved as a
   * version. Undefined: every version (they read the draft anyway).
   */
  async function historyWhere(viewer: Viewer, doc: { id: string; publishedVersionId: string | null }, resource: DocumentResource) {
    if (can(viewer, "readDraft", resource)) return undefined;
    const live = doc.publishedVersionId
      ? await db.documentVersion.findUnique({ where: { id: doc.publishedVersionId }, select: { number: true } })
      : null;
    return { reason: "PUBLISH", number: { lte: live?.number ?? 0 } } satisfies Prisma.DocumentVersionWhereInput;
  }

  /** Sockets open on these documents re-check their access (a change of status, visibility or shares). */
  function accessChanged(documentIds: string[]) {
    if (documentIds.length) void sync()?.revoke({ documentIds });
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

  function initialContent(input: Pick<DocumentCreateInput, "markdown" | "json">): Y.Doc {
    if (input.markdown === undefined && input.json === undefined) return new Y.Doc();
    const path = input.json !== undefined ? "json" : "markdown";
    try {
      return yDocFromJson(input.json ?? markdownToJson(input.markdown ?? ""));
    } catch (error) {
      throw invalid([{ path, message: `The content does not fit the document schema: ${(error as Error).message}` }]);
    }
  }

  const publishing = createPublishing({
    db,
    store,
    requireDocument,
    async afterMove(documentId, statusChanged) {
      notifyChanged(documentId);
      if (!statusChanged) return;
      await notifyToolkitsOf(documentId);
      accessChanged([documentId]);
    },
  });

  const service = {
    /** Called once the sync server exists: restores then reach open rooms, access changes close stale sockets. */
    connectSync(server: DocumentSync | undefined) {
      connected = server;
    },

    /** Subscribes to committed changes of a document row (not live edits: see collab's onDerived). Returns the unsubscribe. */
    onChanged(listener: (documentId: string, change: DocumentChange) => void): () => void {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },

    /** The policy resource for the sync server's upgrade check; null when there is no such document. */
    async getAccess(documentId: string): Promise<DocumentResource | null> {
      const doc = await db.document.findUnique({ where: { id: documentId }, select: ACCESS_SELECT });
      return doc ? documentResource(doc) : null;
    },

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
        ...(q.q ? { title: { contains: q.q, mode: "insensitive" } } : {}),
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

    /** Client organisations a document can be shared with (empty for anyone who cannot write). */
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
      const published = await publishing.readerContent(viewer, doc, resource);
      return published ? { ...doc, ...published } : doc;
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

      const ydoc = initialContent(input);
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
            title: input.title,
            summary: input.summary,
            practiceArea: input.practiceArea,
            jurisdictions: input.jurisdictions,
            tags: input.tags,
            status: input.status,
            visibility: input.visibility,
            slug: input.slug,
            ownerRole: input.ownerRole,
            reviewIntervalMonths: input.reviewIntervalMonths,
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
      notifyChanged(doc.id);
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
      if (Object.keys(changed).length === 0) return service.get(viewer, before.id);

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
            title: input.title,
            summary: input.summary,
            practiceArea: input.practiceArea,
            jurisdictions: input.jurisdictions,
            tags: input.tags,
            status: input.status,
            visibility: input.visibility,
            slug: input.slug,
            ownerRole: input.ownerRole,
            reviewIntervalMonths: input.reviewIntervalMonths,
            confidentiality: input.confidentiality,
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
      notifyChanged(doc.id);
      if (sharesChanged || "title" in changed || "status" in changed || "visibility" in changed) await notifyToolkitsOf(doc.id);
      if (sharesChanged || "visibility" in changed || "status" in changed) accessChanged([doc.id]);
      return doc;
    },

    // ── Publishing workflow (publishing.ts) ─────────────────────────────────────────────
    getWorkflow: publishing.getWorkflow,
    listReviewerCandidates: publishing.listReviewerCandidates,
    submitForReview: publishing.submitForReview,
    decideReview: publishing.decide,
    withdrawFromReview: publishing.withdraw,
    replaceReviewSnapshot: publishing.replaceSnapshot,
    publish: publishing.publish,
    archive: publishing.archive,
    restoreFromArchive: publishing.restore,
    listReviewsAssignedToMe: publishing.listAssignedToMe,
    listReviewsDue: publishing.listReviewsDue,

    /** Deletes the document, its content, versions and shares. The owner or an admin. */
    async delete(viewer: Viewer, id: unknown) {
      const { doc } = await requireDocument(viewer, id, "delete");
      const toolkits = await db.toolkitItem.findMany({ where: { documentId: doc.id }, select: { toolkitId: true } });
      await db.$transaction(async (tx) => {
        await tx.document.delete({ where: { id: doc.id } });
        await recordAuditEvent(tx, {
          organizationId: doc.organizationId,
          actorId: viewer.id,
          action: "document.deleted",
          targetType: "document",
          targetId: doc.id,
          data: { before: { kind: doc.kind, title: doc.title, status: doc.status, visibility: doc.visibility }, after: null },
        });
      });
      notifyChanged(doc.id, "deleted");
      for (const { toolkitId } of toolkits) notifyChanged(toolkitId);
      accessChanged([doc.id]);
    },

    // ── Toolkits ────────────────────────────────────────────────────────────────────────

    /** A toolkit's documents in order: only those the viewer may read. */
    async listToolkitItems(viewer: Viewer, id: unknown) {
      const { doc } = await requireDocument(viewer, id, "read");
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
      const { doc } = await requireDocument(viewer, id, "update");
      if (doc.kind !== "TOOLKIT") return [];
      return db.document.findMany({
        where: {
          AND: [
            readableDocumentsWhere(viewer),
            { kind: { not: "TOOLKIT" }, status: { not: "ARCHIVED" }, inToolkits: { none: { toolkitId: doc.id } } },
            // House material, or the toolkit's own client's (setToolkitItems' rule).
            { OR: [{ clientOrganizationId: null }, ...(doc.clientOrganizationId ? [{ clientOrganizationId: doc.clientOrganizationId }] : [])] },
            q ? { title: { contains: q, mode: "insensitive" } } : {},
          ],
        },
        include: SUMMARY_INCLUDE,
        orderBy: [{ title: "asc" }, { id: "asc" }],
        take: TOOLKIT_CANDIDATES_MAX,
      });
    },

    /** Sets a toolkit's documents, in order (add, remove and reorder in one). */
    async setToolkitItems(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentIds } = parseInput(ToolkitItemsSchema, raw);
      const { doc: toolkit } = await requireDocument(viewer, id, "update");
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
      if (issues.length) throw invalid(issues);

      const beforeIds = (
        await db.toolkitItem.findMany({ where: { toolkitId: toolkit.id }, orderBy: { position: "asc" }, select: { documentId: true } })
      ).map((i) => i.documentId);
      if (JSON.stringify(beforeIds) !== JSON.stringify(documentIds)) {
        await db
          .$transaction(async (tx) => {
            await tx.toolkitItem.deleteMany({ where: { toolkitId: toolkit.id } });
            await tx.toolkitItem.createMany({
              data: documentIds.map((documentId, position) => ({ toolkitId: toolkit.id, documentId, position })),
            });
            await tx.document.update({ where: { id: toolkit.id }, data: { updatedAt: new Date() } });
            await recordAuditEvent(tx, {
              organizationId: toolkit.organizationId,
              actorId: viewer.id,
              action: "document.toolkit_items_changed",
              targetType: "document",
              targetId: toolkit.id,
              data: { before: { documentIds: beforeIds }, after: { documentIds } },
            });
          })
          .catch((error: unknown) => {
            // Two people reordering at once: the second write collides with the first.
            if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
              throw conflict("toolkit_changed", "The toolkit changed while you were editing it. Reload and try again.");
            }
            throw error;
          });
        notifyChanged(toolkit.id);
      }
      return service.listToolkitItems(viewer, toolkit.id);
    },

    async addToolkitItem(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId } = parseInput(ToolkitItemSchema, raw);
      const current = await toolkitIds(viewer, id);
      if (current.includes(documentId)) throw conflict("already_in_toolkit", "This document is already in the toolkit.");
      return service.setToolkitItems(viewer, id, { documentIds: [...current, documentId] });
    },

    async removeToolkitItem(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId } = parseInput(ToolkitItemSchema, raw);
      const current = await toolkitIds(viewer, id);
      if (!current.includes(documentId)) throw notFound("toolkit item");
      return service.setToolkitItems(viewer, id, { documentIds: current.filter((d) => d !== documentId) });
    },

    async moveToolkitItem(viewer: Viewer, id: unknown, raw: unknown) {
      const { documentId, direction } = parseInput(ToolkitMoveSchema, raw);
      const current = await toolkitIds(viewer, id);
      const from = current.indexOf(documentId);
      if (from === -1) throw notFound("toolkit item");
      const to = direction === "up" ? from - 1 : from + 1;
      if (to < 0 || to >= current.length) return service.listToolkitItems(viewer, id);
      const next = [...current];
      [next[from], next[to]] = [next[to]!, next[from]!];
      return service.setToolkitItems(viewer, id, { documentIds: next });
    },

    // ── Versions ────────────────────────────────────────────────────────────────────────

    async listVersions(viewer: Viewer, id: unknown) {
      const { doc, resource } = await requireDocument(viewer, id, "read");
      authorizeHistory(viewer, resource);
      const onlyPublished = await historyWhere(viewer, doc, resource);
      return db.documentVersion.findMany({
        where: { documentId: doc.id, ...onlyPublished },
        orderBy: { number: "desc" },
        take: VERSIONS_LIST_MAX,
        select: { id: true, number: true, name: true, reason: true, createdAt: true, createdBy: OWNER, effectiveAt: true, publishOverrideReason: true, contentHash: true },
      });
    },

    /** "Save version": a named snapshot of the content as it is now. */
    async createVersion(viewer: Viewer, id: unknown, raw: unknown) {
      const { name } = parseInput(VersionCreateSchema, raw);
      const { doc } = await requireDocument(viewer, id, "update");
      const { ydocState, derived } = await snapshotOf(store, doc.id);
      const version = await insertVersion(db, {
        documentId: doc.id,
        name,
        reason: "MANUAL",
        ydocState,
        contentJson: derived.json,
        contentText: derived.text,
        createdById: viewer.id,
      });
      await recordAuditEvent(db, {
        organizationId: doc.organizationId,
        actorId: viewer.id,
        action: "document.version_saved",
        targetType: "document",
        targetId: doc.id,
        data: { after: { versionId: version.id, number: version.number, name: version.name } },
      });
      return version;
    },

    /**
     * Puts an old version's content back as a new change. What was there before is kept first
     * as a version ("Before restoring version N"), so a restore can itself be undone.
     */
    async restoreVersion(viewer: Viewer, id: unknown, versionId: unknown) {
      const { doc } = await requireDocument(viewer, id, "update");
      const version = await db.documentVersion.findFirst({
        where: { id: parseInput(IdSchema, versionId), documentId: doc.id },
        include: { createdBy: OWNER },
      });
      if (!version) throw notFound("version");

      const current = await store.load(doc.id);
      const target = yDocFromState(version.ydocState);
      try {
        const beforeState = Y.encodeStateAsUpdate(current);
        const beforeDerived = deriveContent(current);
        const saved = await insertVersion(db, {
          documentId: doc.id,
          name: `Before restoring version ${version.number}`,
          reason: "RESTORE",
          ydocState: beforeState,
          contentJson: beforeDerived.json,
          contentText: beforeDerived.text,
          createdById: viewer.id,
        });
        const update = restoreUpdate(current, target);
        const live = sync();
        if (live) {
          // Stored first, then applied to the open room and relayed: editors stay connected.
          await live.applyUpdate(doc.id, update, { kind: "restore", userId: viewer.id, versionId: version.id });
        } else {
          await store.append(doc.id, update, viewer.id);
        }
        // `current` now holds the restored content: derive it now rather than wait for a room.
        await store.saveDerived(doc.id, deriveContent(current));
        notifyChanged(doc.id);
        await recordAuditEvent(db, {
          organizationId: doc.organizationId,
          actorId: viewer.id,
          action: "document.restored",
          targetType: "document",
          targetId: doc.id,
          data: {
            before: { versionId: saved.id, number: saved.number, text: beforeDerived.text.slice(0, AUDIT_TEXT_PREVIEW) },
            after: { versionId: version.id, number: version.number, text: version.contentText.slice(0, AUDIT_TEXT_PREVIEW) },
          },
        });
        return { restored: version, savedBefore: saved };
      } finally {
        current.destroy();
        target.destroy();
      }
    },

    /**
     * Replaces the whole content (a library import over an existing document). Like a restore:
     * what was there is kept first as a version, then the new content goes in as one Yjs change,
     * so open editors receive it and keep their connection. Content that is already the same is
     * left alone (no version, no change): re-importing an unchanged file changes nothing.
     */
    async replaceContent(viewer: Viewer, id: unknown, raw: unknown, options: { versionName?: string } = {}) {
      const input = parseInput(DocumentContentSchema, raw);
      const { doc } = await requireDocument(viewer, id, "update");
      const target = initialContent(input);
      let current: Y.Doc | undefined;
      try {
        current = await store.load(doc.id);
        const beforeDerived = deriveContent(current);
        const nextDerived = deriveContent(target);
        if (JSON.stringify(beforeDerived.json) === JSON.stringify(nextDerived.json)) return { changed: false as const };
        const saved = await insertVersion(db, {
          documentId: doc.id,
          name: options.versionName ?? "Before the content was replaced",
          reason: "MANUAL",
          ydocState: Y.encodeStateAsUpdate(current),
          contentJson: beforeDerived.json,
          contentText: beforeDerived.text,
          createdById: viewer.id,
        });
        const update = restoreUpdate(current, target);
        const live = sync();
        if (live) await live.applyUpdate(doc.id, update, { kind: "replace", userId: viewer.id });
        else await store.append(doc.id, update, viewer.id);
        await store.saveDerived(doc.id, deriveContent(current));
        notifyChanged(doc.id);
        await recordAuditEvent(db, {
          organizationId: doc.organizationId,
          actorId: viewer.id,
          action: "document.content_replaced",
          targetType: "document",
          targetId: doc.id,
          data: {
            before: { versionId: saved.id, number: saved.number, text: beforeDerived.text.slice(0, AUDIT_TEXT_PREVIEW) },
            after: { text: nextDerived.text.slice(0, AUDIT_TEXT_PREVIEW) },
          },
        });
        return { changed: true as const, savedBefore: saved };
      } finally {
        current?.destroy();
        target.destroy();
      }
    },

    /** A readable redline between two versions, or a version and the current content ("current"). */
    async diff(viewer: Viewer, id: unknown, raw: unknown) {
      const query = parseInput(DiffQuerySchema, raw);
      const { doc, resource } = await requireDocument(viewer, id, "read");
      authorizeHistory(viewer, resource);
      const onlyPublished = await historyWhere(viewer, doc, resource);
      const side = async (ref: string) => {
        if (ref === CURRENT && onlyPublished) throw draftNotReadable();
        if (ref === CURRENT) {
          const { derived } = await snapshotOf(store, doc.id);
          return { info: { kind: "current" as const }, blocks: blocksOf(derived.json, derived.text), length: derived.text.length };
        }
        const v = await db.documentVersion.findFirst({
          where: { id: ref, documentId: doc.id, ...onlyPublished },
          select: { id: true, number: true, name: true, contentJson: true, contentText: true },
        });
        if (!v) throw notFound("version");
        return {
          info: { kind: "version" as const, id: v.id, number: v.number, name: v.name },
          blocks: blocksOf(v.contentJson, v.contentText),
          length: v.contentText.length,
        };
      };
      const [from, to] = [await side(query.from), await side(query.to)];
      if (from.length > DIFF_MAX_TEXT_LENGTH || to.length > DIFF_MAX_TEXT_LENGTH) {
        throw new AppError(422, "diff_too_large", `These versions are too long to compare (over ${DIFF_MAX_TEXT_LENGTH} characters).`);
      }
      return { from: from.info, to: to.info, ...diffDocuments(from.blocks, to.blocks, { context: query.context === "all" ? Infinity : query.context }) };
    },
  };

  async function toolkitIds(viewer: Viewer, id: unknown) {
    const { doc } = await requireDocument(viewer, id, "update");
    if (doc.kind !== "TOOLKIT") throw conflict("not_a_toolkit", "Only a toolkit holds other documents.");
    const items = await db.toolkitItem.findMany({ where: { toolkitId: doc.id }, orderBy: { position: "asc" }, select: { documentId: true } });
    return items.map((i) => i.documentId);
  }

  return service;
}

const AUDIT_TEXT_PREVIEW = 500;

const draftNotReadable = () =>
  new AppError(403, "draft_not_readable", "Only the document's editors can compare its unpublished draft: compare its published versions.");

/** The library's slug is unique per organisation: a second document with it is a conflict, not a 500. */
function slugTaken(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw conflict("slug_taken", "Another document in the library already has this slug.");
  }
  throw error;
}
/** Candidates offered at once when adding to a toolkit; a search narrows them. */
const TOOLKIT_CANDIDATES_MAX = 50;

function blocksOf(json: unknown, text: string): Block[] {
  const blocks = json ? blocksFromJson(json) : [];
  return blocks.length || !text ? blocks : blocksFromText(text);
}

export type DocumentService = ReturnType<typeof createDocumentService>;
