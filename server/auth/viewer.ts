import type { Db } from "../db/database.ts";

export type Role = "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT";
export type OrganizationKind = "PROVIDER" | "CLIENT";

export type ViewerMembership = {
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  role: Role;
};

/** The signed-in user as every policy sees them. */
export type Viewer = {
  id: string;
  email: string;
  name: string;
  memberships: ViewerMembership[];
};

export async function loadViewer(db: Db, userId: string): Promise<Viewer | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { organization: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    memberships: user.memberships.map((m) => ({
      organizationId: m.organizationId,
      organizationName: m.organization.name,
      organizationKind: m.organization.kind,
      role: m.role,
    })),
  };
}

/** The organisation a viewer works in: their first membership. */
export function primaryMembership(viewer: Viewer): ViewerMembership | undefined {
  return viewer.memberships[0];
}
