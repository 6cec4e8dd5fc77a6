import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { DocumentResource } from "../documents/policy.ts";

/**
 * Who may take a document out of the trash: an admin, or an editor who deleted it or owns it;
 * and only someone who could read it were it not trashed (need-to-know and walls still hold).
 */
export function canRestoreFromTrash(viewer: Viewer, doc: { ownerId: string | null; deletedById: string | null }, resource: DocumentResource): boolean {
  const live = { ...resource, deleted: false };
  if (!can(viewer, "read", live)) return false;
  if (can(viewer, "administer", live)) return true;
  return can(viewer, "update", live) && (doc.deletedById === viewer.id || doc.ownerId === viewer.id);
}

/** Legal holds are placed and lifted by the provider's admins. */
export function canManageHolds(viewer: Viewer, providerOrganizationId: string): boolean {
  return viewer.memberships.some((m) => m.organizationId === providerOrganizationId && m.role === "ADMIN");
}

/** The provider's staff see its holds (the mandate page, the client's page); clients do not. */
export function canSeeHolds(viewer: Viewer, providerOrganizationId: string): boolean {
  return viewer.memberships.some((m) => m.organizationId === providerOrganizationId && m.role !== "CLIENT");
}
