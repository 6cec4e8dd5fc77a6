import { forbidden } from "../errors.ts";
import type { Role, Viewer } from "./viewer.ts";

/**
 * Every read and write in Precedent asks `can(viewer, action, resource)`. One place, no
 * registry, tested as a table (policy.test.ts).
 *
 * The provider organisation (the law company) owns the knowledge; its members are ADMIN,
 * EDITOR or VIEWER. A client organisation's members have the CLIENT role and see only what
 * is shared with their own organisation.
 */
export type Action =
  | "read"
  | "create"
  | "update"
  | "delete"
  | "manage"
  /** A document's live draft (the Y.Doc), as opposed to its published version. */
  | "readDraft"
  /** Be named as a document's reviewer. */
  | "review"
  /** Archive or restore a document, publish without every approval, or set its status directly. */
  | "administer";

export type Resource =
  | { type: "organization"; id: string }
  /** Members and invitations of an organisation. */
  | { type: "membership"; organizationId: string; organizationKind: "PROVIDER" | "CLIENT" }
  | { type: "apiToken"; userId: string }
  | {
      type: "document";
      organizationId: string;
      ownerId: string | null;
      status: "DRAFT" | "IN_REVIEW" | "PUBLISHED" | "ARCHIVED";
      sharedWithOrganizationIds: string[];
      /** A published version is live: readers who may not see drafts read it instead (ADR 012). */
      hasPublishedVersion?: boolean;
    }
  | { type: "mandate"; providerOrganizationId: string; clientOrganizationId: string };

const roleIn = (viewer: Viewer, organizationId: string): Role | undefined =>
  viewer.memberships.find((m) => m.organizationId === organizationId)?.role;

const isProviderStaff = (role: Role | undefined) => role === "ADMIN" || role === "EDITOR" || role === "VIEWER";
const canWrite = (role: Role | undefined) => role === "ADMIN" || role === "EDITOR";

export function can(viewer: Viewer | null, action: Action, resource: Resource): boolean {
  if (!viewer) return false;
  switch (resource.type) {
    case "organization": {
      const role = roleIn(viewer, resource.id);
      if (action === "read") return role !== undefined;
      return role === "ADMIN";
    }
    case "membership":
      if (roleIn(viewer, resource.organizationId) === "ADMIN") return true;
      // The provider's admins run their clients' organisations too.
      return (
        resource.organizationKind === "CLIENT" &&
        viewer.memberships.some((m) => m.organizationKind === "PROVIDER" && m.role === "ADMIN")
      );
    case "apiToken":
      return resource.userId === viewer.id;
    case "document": {
      const role = roleIn(viewer, resource.organizationId);
      if (action === "read") {
        if (isProviderStaff(role)) return true;
        // A client member reads only what is shared with their organisation, still live, and
        // published once: never a text no one approved (a new document sent straight to review).
        return (
          resource.status !== "ARCHIVED" &&
          resource.status !== "DRAFT" &&
          resource.hasPublishedVersion === true &&
          viewer.memberships.some(
            (m) => m.role === "CLIENT" && resource.sharedWithOrganizationIds.includes(m.organizationId),
          )
        );
      }
      if (action === "delete" || action === "manage") return role === "ADMIN" || (canWrite(role) && resource.ownerId === viewer.id);
      // Editors work on the draft; everyone else who may read it reads the published version, if there is one.
      if (action === "readDraft") return canWrite(role) || (!resource.hasPublishedVersion && can(viewer, "read", resource));
      if (action === "review") return isProviderStaff(role);
      if (action === "administer") return role === "ADMIN";
      return canWrite(role);
    }
    case "mandate": {
      const role = roleIn(viewer, resource.providerOrganizationId);
      if (action === "read") {
        return isProviderStaff(role) || roleIn(viewer, resource.clientOrganizationId) === "CLIENT";
      }
      if (action === "delete") return role === "ADMIN";
      return canWrite(role);
    }
  }
}

/** Throws 403 unless `can` allows it. */
export function authorize(viewer: Viewer | null, action: Action, resource: Resource): void {
  if (!can(viewer, action, resource)) throw forbidden();
}

/** What the UI may offer this viewer in the app shell. */
export function abilities(viewer: Viewer) {
  const primary = viewer.memberships[0];
  return {
    manageMembers:
      !!primary &&
      can(viewer, "manage", { type: "membership", organizationId: primary.organizationId, organizationKind: primary.organizationKind }),
    isClient: viewer.memberships.every((m) => m.role === "CLIENT"),
  };
}
