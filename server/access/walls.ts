import { recordAuditEvent } from "../audit/service.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { adminProviderIds, isProviderAdmin } from "./provider-admin.ts";
import { IdSchema, WallCreateSchema, WallLiftSchema } from "./schema.ts";

/** Someone's access to client material changed: whatever they hold open must re-check (collab revoke). */
export type OnAccessChanged = (changed: { userIds: string[] }) => void;

const PERSON = { select: { id: true, name: true, email: true } } as const;
export const WALL_INCLUDE = {
  user: PERSON,
  client: { select: { id: true, name: true } },
  createdBy: PERSON,
  removedBy: PERSON,
} as const;

/**
 * Ethical walls (issue 11, ADR 013): a provider admin walls a member of staff off from a client
 * organisation, with a reason. The wall beats every other rule in `can()` (team, role,
 * break-glass) from the person's next request on, and their open sync sockets close at once.
 * Teams are left as they are, so lifting the wall restores exactly what was there. Walls are
 * lifted, never deleted; both are audited on the provider. Anyone who is not an admin of the
 * provider gets 404: walls are not disclosed.
 */
export function createWallService({ db, onAccessChanged, now = () => new Date() }: { db: Db; onAccessChanged?: OnAccessChanged; now?: () => Date }) {
  /** The first provider this viewer administers, or 404. */
  function requireAdminProvider(viewer: Viewer): string {
    const providerId = adminProviderIds(viewer)[0];
    if (!providerId) throw notFound("ethical wall");
    return providerId;
  }

  return {
    /** Whether this viewer runs walls (the Admin page shows the section). */
    canManage(viewer: Viewer) {
      return adminProviderIds(viewer).length > 0;
    },

    /** The provider's walls, standing ones first, then lifted ones; newest first within each. */
    async list(viewer: Viewer) {
      const providerIds = adminProviderIds(viewer);
      if (!providerIds.length) throw notFound("ethical wall");
      return db.ethicalWall.findMany({
        where: { providerOrganizationId: { in: providerIds } },
        include: WALL_INCLUDE,
        orderBy: [{ removedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "asc" }],
      });
    },

    /** Walls `userId` off from a client organisation; 409 if such a wall already stands. */
    async create(viewer: Viewer, raw: unknown) {
      const providerOrganizationId = requireAdminProvider(viewer);
      const input = parseInput(WallCreateSchema, raw);
      const [staff, client] = await Promise.all([
        db.membership.findFirst({
          where: { userId: input.userId, organizationId: providerOrganizationId, role: { in: ["ADMIN", "EDITOR", "VIEWER"] } },
          select: { id: true },
        }),
        db.organization.findFirst({ where: { id: input.clientOrganizationId, kind: "CLIENT" }, select: { id: true, name: true } }),
      ]);
      const issues = [
        ...(staff ? [] : [{ path: "userId", message: "Choose a member of the provider's staff." }]),
        ...(client ? [] : [{ path: "clientOrganizationId", message: "Choose a client organisation." }]),
      ];
      if (issues.length) throw invalid(issues);
      const wall = await db.$transaction(async (tx) => {
        const standing = await tx.ethicalWall.findFirst({
          where: { userId: input.userId, clientOrganizationId: input.clientOrganizationId, removedAt: null },
          select: { id: true },
        });
        if (standing) throw conflict("wall_exists", `A wall already stands between this member and ${client!.name}.`);
        const created = await tx.ethicalWall.create({
          data: {
            providerOrganizationId,
            userId: input.userId,
            clientOrganizationId: input.clientOrganizationId,
            reason: input.reason,
            createdById: viewer.id,
            createdAt: now(),
          },
          include: WALL_INCLUDE,
        });
        await recordAuditEvent(tx, {
          organizationId: providerOrganizationId,
          actorId: viewer.id,
          action: "wall.created",
          targetType: "ethical_wall",
          targetId: created.id,
          data: { userId: input.userId, clientOrganizationId: input.clientOrganizationId, reason: input.reason },
        });
        return created;
      });
      onAccessChanged?.({ userIds: [input.userId] });
      return wall;
    },

    /** Lifts a standing wall, with a reason: the person's team access comes back on their next request. */
    async lift(viewer: Viewer, wallId: unknown, raw: unknown) {
      if (!adminProviderIds(viewer).length) throw notFound("ethical wall");
      const id = parseInput(IdSchema, wallId);
      const found = await db.ethicalWall.findUnique({ where: { id }, select: { id: true, providerOrganizationId: true } });
      if (!found || !isProviderAdmin(viewer, found.providerOrganizationId)) throw notFound("ethical wall");
      const { reason } = parseInput(WallLiftSchema, raw);
      return db.$transaction(async (tx) => {
        const lifted = await tx.ethicalWall.updateMany({
          where: { id, removedAt: null },
          data: { removedAt: now(), removedById: viewer.id, removalReason: reason },
        });
        if (lifted.count === 0) throw conflict("wall_lifted", "This wall has already been lifted.");
        const wall = await tx.ethicalWall.findUniqueOrThrow({ where: { id }, include: WALL_INCLUDE });
        await recordAuditEvent(tx, {
          organizationId: wall.providerOrganizationId,
          actorId: viewer.id,
          action: "wall.lifted",
          targetType: "ethical_wall",
          targetId: wall.id,
          data: { userId: wall.userId, clientOrganizationId: wall.clientOrganizationId, reason },
        });
        return wall;
      });
    },

    /** What the Admin page's form offers: the provider's staff and the client organisations. */
    async listChoices(viewer: Viewer) {
      const providerOrganizationId = requireAdminProvider(viewer);
      const [staff, clients] = await Promise.all([
        db.membership.findMany({
          where: { organizationId: providerOrganizationId, role: { in: ["ADMIN", "EDITOR", "VIEWER"] } },
          select: { role: true, user: PERSON },
          orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
        }),
        db.organization.findMany({ where: { kind: "CLIENT" }, select: { id: true, name: true, slug: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
      ]);
      return { staff: staff.map((s) => ({ ...s.user, role: s.role })), clients };
    },
  };
}

export type WallService = ReturnType<typeof createWallService>;
export type WallRow = Awaited<ReturnType<WallService["list"]>>[number];
