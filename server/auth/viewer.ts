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

type ViewerRow = {
  id: string;
  email: string;
  name: string;
  memberships: ViewerMembership[] | string;
  team: string[];
  glass: string[];
  walls: string[];
};

export async function loadViewer(db: Db, userId: string, now = new Date()): Promise<Viewer | null> {
  return (await loadViewers(db, [userId], now)).get(userId) ?? null;
}

/**
 * Viewers in one statement, however many (every HTTP request loads one, and a storm of
 * reconnecting sync sockets loads many at once): Prisma's include and the three client-access
 * look-ups were seven queries a viewer (ADR 007, "Sockets, second pass").
 */
export async function loadViewers(db: Db, userIds: string[], now = new Date()): Promise<Map<string, Viewer>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.$queryRaw<ViewerRow[]>`
    SELECT u."id", u."email", u."name",
      COALESCE((
        SELECT json_agg(json_build_object(
          'organizationId', o."id", 'organizationName', o."name", 'organizationKind', o."kind", 'role', m."role"
        ) ORDER BY m."createdAt", m."id")
        FROM "Membership" m JOIN "Organization" o ON o."id" = m."organizationId"
        WHERE m."userId" = u."id"
      ), '[]'::json) AS "memberships",
      ARRAY(
        SELECT DISTINCT t."clientOrganizationId" FROM "Mandate" t
        WHERE t."projectManagerId" = u."id"
           OR EXISTS (SELECT 1 FROM "MandateMember" mm WHERE mm."mandateId" = t."id" AND mm."userId" = u."id")
        ORDER BY 1
      ) AS "team",
      ARRAY(
        SELECT DISTINCT g."clientOrganizationId" FROM "BreakGlassAccess" g
        WHERE g."userId" = u."id" AND g."expiresAt" > ${now}
        ORDER BY 1
      ) AS "glass",
      ARRAY(
        SELECT DISTINCT w."clientOrganizationId" FROM "EthicalWall" w
        WHERE w."userId" = u."id" AND w."removedAt" IS NULL
        ORDER BY 1
      ) AS "walls"
    FROM "User" u
    WHERE u."id" = ANY(${[...new Set(userIds)]}::text[])`;
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        email: row.email,
        name: row.name,
        memberships: typeof row.memberships === "string" ? (JSON.parse(row.memberships) as ViewerMembership[]) : row.memberships,
        clientAccess: { teamClientIds: row.team, breakGlassClientIds: row.glass, walledClientIds: row.walls },
      },
    ]),
  );
}

/** The organisation a viewer works in: their first membership. */
export function primaryMembership(viewer: Viewer): ViewerMembership | undefined {
  return viewer.memberships[0];
}
