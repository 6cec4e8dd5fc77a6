import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { versionsInForce } from "../documents/in-force.ts";
import { readableDocumentsWhere } from "../documents/policy.ts";
import { AppError } from "../errors.ts";
import type { LINK_INCLUDE, ResourceLinkRow } from "./rows.ts";
import { DELIVERED_STATUSES, type DeliverableStatus } from "./transitions.ts";

/**
 * Resource links: which document may be linked to which mandate (the link rule, ADR 009), the
 * version in force, and what a viewer may see of a mandate's links.
 */

export type LinkTarget = {
  id: string;
  title: string;
  kind: string;
  organizationId: string;
  status: string;
  visibility: "INTERNAL" | "SHARED";
  shares: { organizationId: string }[];
  /** Client material of this client (null: house knowledge). */
  clientOrganizationId: string | null;
};
export type MandateScope = { id: string; providerOrganizationId: string; clientOrganizationId: string };

/**
 * Why a document may not be linked to this mandate, or null (ADR 009): it must be the mandate's
 * provider's, not archived, and if SHARED, shared with the mandate's own client. INTERNAL
 * documents may serve any mandate of the provider (clients never see them). A client's material
 * serves that client's mandates only (ADR 013).
 */
export function linkRefusal(doc: LinkTarget, mandate: MandateScope): string | null {
  if (doc.organizationId !== mandate.providerOrganizationId) return "It belongs to another organisation.";
  if (doc.clientOrganizationId !== null && doc.clientOrganizationId !== mandate.clientOrganizationId) return "It is another client's material.";
  if (doc.status === "ARCHIVED") return "It is archived.";
  if (doc.visibility === "SHARED" && !doc.shares.some((s) => s.organizationId === mandate.clientOrganizationId)) {
    return "It is shared with other clients but not with this mandate's client.";
  }
  return null;
}

/** 422 naming each refused document and why. */
export function linkNotAllowed(documents: Array<{ id: string; title: string; reason: string }>) {
  return new AppError(
    422,
    "link_not_allowed",
    documents.length === 1
      ? `"${documents[0]!.title}" cannot be linked to this mandate: ${documents[0]!.reason}`
      : `${documents.length} documents cannot be linked to this mandate.`,
    { documents },
  );
}

type LinkPayload = Prisma.ResourceLinkGetPayload<{ include: typeof LINK_INCLUDE }>;

/** A link of a delivered or accepted deliverable: it keeps the versions it was delivered under (ADR 020). */
export const isDeliveredWork = (link: { deliverable: { status: DeliverableStatus } | null }) =>
  !!link.deliverable && DELIVERED_STATUSES.includes(link.deliverable.status);
export type VersionInfo = Pick<ResourceLinkRow, "latestVersion" | "newerVersionAvailable">;

/**
 * Links for the viewer: only those to documents they may read (and the toolkit that brought a
 * link only if they may read it too, so a client never learns an internal toolkit's title),
 * each with whether the version in force at `at` (ADR 017) is newer than the pinned one. A
 * withdrawn or scheduled publication is never offered.
 */
export async function withVersions<L extends LinkPayload>(db: Db, viewer: Viewer, links: L[], at: Date): Promise<Array<L & VersionInfo>> {
  const ids = new Set(links.flatMap((l) => (l.viaToolkitId ? [l.documentId, l.viaToolkitId] : [l.documentId])));
  const readableIds = new Set(
    (await db.document.findMany({ where: { AND: [{ id: { in: [...ids] } }, readableDocumentsWhere(viewer)] }, select: { id: true } })).map(
      (d) => d.id,
    ),
  );
  const visible = links.filter((l) => readableIds.has(l.documentId));
  const latest = await versionsInForce(db, visible.map((l) => l.documentId), at);
  return visible.map((link) => {
    const inForce = latest.get(link.documentId);
    const newest = inForce ? { id: inForce.id, number: inForce.number } : null;
    const newerVersionAvailable = !isDeliveredWork(link) && !!newest && (!link.documentVersion || newest.number > link.documentVersion.number);
    const viaToolkit = link.viaToolkitId && readableIds.has(link.viaToolkitId) ? link.viaToolkit : null;
    return { ...link, viaToolkit, viaToolkitId: viaToolkit ? link.viaToolkitId : null, latestVersion: newerVersionAvailable ? newest : null, newerVersionAvailable };
  });
}
