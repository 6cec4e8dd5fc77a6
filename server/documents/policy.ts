import { can, type Resource } from "../auth/policy.ts";
import { readableScope } from "../auth/scope.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Prisma } from "../db/generated/client.ts";

export type DocumentResource = Extract<Resource, { type: "document" }>;

type AccessFields = {
  organizationId: string;
  ownerId: string | null;
  status: DocumentResource["status"];
  visibility: "INTERNAL" | "SHARED";
  shares: { organizationId: string }[];
  publishedVersionId?: string | null;
  clientOrganizationId: string | null;
  deliveryLockedAt?: Date | null;
  /** ACCESS_SELECT reads it; rows already read through requireDocument or the search index are never trashed. */
  deletedAt?: Date | null;
  /** ACCESS_SELECT reads it; absent (a search record) counts as not allowed, which only ever refuses. */
  viewersMaySuggest?: boolean;
  /** As viewersMaySuggest. */
  clientMaySuggest?: boolean;
};

/**
 * The policy resource for a document. Share rows count only while the document is SHARED:
 * an INTERNAL document is never visible to a client, whatever rows remain.
 */
export function documentResource(doc: AccessFields): DocumentResource {
  return {
    type: "document",
    organizationId: doc.organizationId,
    ownerId: doc.ownerId,
    status: doc.status,
    sharedWithOrganizationIds: doc.visibility === "SHARED" ? doc.shares.map((s) => s.organizationId) : [],
    hasPublishedVersion: !!doc.publishedVersionId,
    clientOrganizationId: doc.clientOrganizationId,
    deliveryLocked: !!doc.deliveryLockedAt,
    deleted: !!doc.deletedAt,
    viewersMaySuggest: doc.viewersMaySuggest === true,
    clientMaySuggest: doc.clientMaySuggest === true,
  };
}

/** The Prisma select that documentResource needs. */
export const ACCESS_SELECT = {
  organizationId: true,
  ownerId: true,
  status: true,
  visibility: true,
  shares: { select: { organizationId: true } },
  publishedVersionId: true,
  clientOrganizationId: true,
  deliveryLockedAt: true,
  deletedAt: true,
  viewersMaySuggest: true,
  clientMaySuggest: true,
} as const satisfies Prisma.DocumentSelect;

/**
 * `can(viewer, "read", document)` as a WHERE clause (derived from readableScope), so lists page
 * and count over exactly the documents the viewer may read (never filter after paging).
 * The documents agreement test checks the two agree for every viewer.
 */
export function readableDocumentsWhere(viewer: Viewer): Prisma.DocumentWhereInput {
  const scope = readableScope(viewer);
  const any: Prisma.DocumentWhereInput[] = [];
  if (scope.staffOrganizationIds.length) {
    const staffOrgs = { in: scope.staffOrganizationIds };
    any.push({ organizationId: staffOrgs, clientOrganizationId: null });
    if (scope.clientIds.length) any.push({ organizationId: staffOrgs, clientOrganizationId: { in: scope.clientIds } });
  }
  if (scope.memberOfClientIds.length) {
    const live: Prisma.DocumentWhereInput = { visibility: "SHARED", status: { notIn: ["DRAFT", "ARCHIVED"] }, publishedVersionId: { not: null } };
    any.push({ ...live, clientOrganizationId: null, shares: { some: { organizationId: { in: scope.memberOfClientIds } } } });
    // A client's material counts as shared only with that client.
    for (const client of scope.memberOfClientIds) {
      any.push({ ...live, clientOrganizationId: client, shares: { some: { organizationId: client } } });
    }
  }
  // Trashed documents are read by no one (can()'s first document rule).
  return any.length ? { deletedAt: null, OR: any } : { id: { in: [] } };
}

/** What the UI may offer on one document. */
export function documentAbilities(viewer: Viewer, resource: DocumentResource) {
  const update = can(viewer, "update", resource);
  return {
    update,
    delete: can(viewer, "delete", resource),
    administer: can(viewer, "administer", resource),
    /** The live draft (the editor over the sync socket); without it, the published version. */
    readDraft: can(viewer, "readDraft", resource),
    /** Propose changes as suggestions (editors; viewers where an admin allows it; the client where its editors do; ADR 032). */
    suggest: can(viewer, "suggest", resource),
    /** Who it is shared with is the provider's business, not another client's. */
    seeShares: viewer.memberships.some((m) => m.organizationId === resource.organizationId && m.role !== "CLIENT"),
  };
}
export type DocumentAbilities = ReturnType<typeof documentAbilities>;

/** The provider organisation a new document belongs to: the first where the viewer may write. */
export function organizationForNewDocument(viewer: Viewer): string | undefined {
  return viewer.memberships.find(
    (m) => m.organizationKind === "PROVIDER" && (m.role === "ADMIN" || m.role === "EDITOR"),
  )?.organizationId;
}
