import { can, type Resource } from "../auth/policy.ts";
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
} as const satisfies Prisma.DocumentSelect;

/**
 * `can(viewer, "read", document)` as a WHERE clause, so lists page and count over exactly the
 * documents the viewer may read (never filter after paging). policy.test.ts checks the two agree.
 */
export function readableDocumentsWhere(viewer: Viewer): Prisma.DocumentWhereInput {
  const staffOrgs = viewer.memberships
    .filter((m) => m.role === "ADMIN" || m.role === "EDITOR" || m.role === "VIEWER")
    .map((m) => m.organizationId);
  const clientOrgs = viewer.memberships.filter((m) => m.role === "CLIENT").map((m) => m.organizationId);
  const any: Prisma.DocumentWhereInput[] = [];
  if (staffOrgs.length) any.push({ organizationId: { in: staffOrgs } });
  if (clientOrgs.length) {
    any.push({
      visibility: "SHARED",
      status: { notIn: ["DRAFT", "ARCHIVED"] },
      publishedVersionId: { not: null },
      shares: { some: { organizationId: { in: clientOrgs } } },
    });
  }
  return any.length ? { OR: any } : { id: { in: [] } };
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
