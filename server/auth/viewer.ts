import type { Db } from "../db/database.ts";

export type Role = "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT";
export type OrganizationKind = "PROVIDER" | "CLIENT";

export type ViewerMembership = {
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  role: Role;
};

/**
 * Need-to-know (ADR 013): the client organisations whose material this person may open as
 * provider staff, and those they are walled off from. Loaded with the viewer, so `can()` stays a
 * pure function and a team change takes effect on the next request (open sockets re-check).
 */
export type ClientAccess = {
  /** On the team (project manager or member) of one of the client's mandates. */
  teamClientIds: string[];
  /** Opened through the break-glass step (admins), until it expires. */
  breakGlassClientIds: string[];
  /** An ethical wall stands: nothing of these clients, whatever the role or team says. */
  walledClientIds: string[];
};

/** The signed-in user as every policy sees them. */
export type Viewer = {
  id: string;
  email: string;
  name: string;
  memberships: ViewerMembership[];
  clientAccess: ClientAccess;
};

/**
 * This request just put the viewer on one of the client's teams (they opened a mandate): the
 * rest of the request, its answer included, sees them as the team member they now are.
 */
export function noteJoinedTeam(viewer: Viewer, clientId: string): void {
  if (viewer.clientAccess.teamClientIds.includes(clientId)) return;
  viewer.clientAccess = { ...viewer.clientAccess, teamClientIds: [...viewer.clientAccess.teamClientIds, clientId] };
}

export const NO_CLIENT_ACCESS: ClientAccess = Object.freeze({ teamClientIds: [], breakGlassClientIds: [], walledClientIds: [] });

export async function loadViewer(db: Db, userId: string, now = new Date()): Promise<Viewer | null> {
  const [user, clientAccess] = await Promise.all([
    db.user.findUnique({
      where: { id: userId },
      include: { memberships: { include: { organization: true }, orderBy: { createdAt: "asc" } } },
    }),
    loadClientAccess(db, userId, now),
  ]);
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
    clientAccess,
  };
}

/** The live team, open break-glass grants and standing walls of one person, as client ids. */
export async function loadClientAccess(db: Db, userId: string, now = new Date()): Promise<ClientAccess> {
  const [teams, glass, walls] = await Promise.all([
    db.mandate.findMany({
      where: { OR: [{ projectManagerId: userId }, { members: { some: { userId } } }] },
      select: { clientOrganizationId: true },
      distinct: ["clientOrganizationId"],
    }),
    db.breakGlassAccess.findMany({
      where: { userId, expiresAt: { gt: now } },
      select: { clientOrganizationId: true },
      distinct: ["clientOrganizationId"],
    }),
    db.ethicalWall.findMany({ where: { userId, removedAt: null }, select: { clientOrganizationId: true }, distinct: ["clientOrganizationId"] }),
  ]);
  return {
    teamClientIds: teams.map((t) => t.clientOrganizationId),
    breakGlassClientIds: glass.map((g) => g.clientOrganizationId),
    walledClientIds: walls.map((w) => w.clientOrganizationId),
  };
}

/** The organisation a viewer works in: their first membership. */
export function primaryMembership(viewer: Viewer): ViewerMembership | undefined {
  return viewer.memberships[0];
}
