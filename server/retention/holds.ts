import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { IdSchema } from "../documents/schema.ts";
import { mandateResource } from "../mandates/policy.ts";
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { canManageHolds, canSeeHolds } from "./policy.ts";
import { HoldLiftSchema, HoldListQuerySchema, HoldPlaceSchema } from "./schema.ts";

const PERSON = { select: { id: true, name: true } } as const;
export const HOLD_INCLUDE = {
  placedBy: PERSON,
  liftedBy: PERSON,
  mandate: { select: { id: true, title: true, reference: true } },
  client: { select: { id: true, name: true } },
} as const satisfies Prisma.LegalHoldInclude;
export type HoldRow = Prisma.LegalHoldGetPayload<{ include: typeof HOLD_INCLUDE }>;

/** The audit target of a hold: the mandate (its activity feed shows it) or the client organisation. */
const targetOf = (hold: { mandateId: string | null; clientOrganizationId: string | null }) =>
  hold.mandateId ? { targetType: "mandate", targetId: hold.mandateId } : { targetType: "organization", targetId: hold.clientOrganizationId };

/** Legal holds (ADR 021): placed and lifted by the provider's admins, with reasons, on the record. */
export function createHoldCommands({ db, now }: { db: Db; now: () => Date }) {
  /** The provider organisation whose admins may hold this mandate or client, or 404/403. */
  async function providerFor(viewer: Viewer, target: { mandateId?: string; clientOrganizationId?: string }) {
    if (target.mandateId) {
      const mandate = await db.mandate.findUnique({ where: { id: target.mandateId }, select: { id: true, providerOrganizationId: true, clientOrganizationId: true } });
      if (!mandate || !can(viewer, "discover", mandateResource(mandate))) throw notFound("mandate");
      return mandate.providerOrganizationId;
    }
    const client = await db.organization.findFirst({ where: { id: target.clientOrganizationId, kind: "CLIENT" }, select: { id: true } });
    const provider = viewer.memberships.find((m) => m.organizationKind === "PROVIDER" && m.role !== "CLIENT");
    if (!client || !provider) throw notFound("organization");
    return provider.organizationId;
  }

  return {
    async placeHold(viewer: Viewer, raw: unknown): Promise<HoldRow> {
      const input = parseInput(HoldPlaceSchema, raw);
      const organizationId = await providerFor(viewer, input);
      if (!canManageHolds(viewer, organizationId)) throw forbidden("Only an admin can place a legal hold.");
      const target = { mandateId: input.mandateId ?? null, clientOrganizationId: input.clientOrganizationId ?? null };
      return db.$transaction(async (tx) => {
        const existing = await tx.legalHold.findFirst({ where: { ...target, liftedAt: null }, select: { id: true } });
        if (existing) throw conflict("hold_exists", "A legal hold is already in force on it.");
        const hold = await tx.legalHold.create({
          data: { organizationId, ...target, reason: input.reason, placedById: viewer.id, placedAt: now() },
          include: HOLD_INCLUDE,
        });
        await recordAuditEvent(tx, {
          organizationId,
          actorId: viewer.id,
          action: "legal_hold.placed",
          ...targetOf(hold),
          data: { holdId: hold.id, before: null, after: { reason: hold.reason } },
        });
        return hold;
      });
    },

    async liftHold(viewer: Viewer, id: unknown, raw: unknown): Promise<HoldRow> {
      const holdId = parseInput(IdSchema, id);
      const { reason } = parseInput(HoldLiftSchema, raw);
      const hold = await db.legalHold.findUnique({ where: { id: holdId } });
      if (!hold || !canSeeHolds(viewer, hold.organizationId)) throw notFound("legal hold");
      if (!canManageHolds(viewer, hold.organizationId)) throw forbidden("Only an admin can lift a legal hold.");
      return db.$transaction(async (tx) => {
        const { count } = await tx.legalHold.updateMany({ where: { id: hold.id, liftedAt: null }, data: { liftedAt: now(), liftedById: viewer.id, liftReason: reason } });
        if (count === 0) throw conflict("hold_lifted", "This legal hold has already been lifted.");
        await recordAuditEvent(tx, {
          organizationId: hold.organizationId,
          actorId: viewer.id,
          action: "legal_hold.lifted",
          ...targetOf(hold),
          data: { holdId: hold.id, before: { reason: hold.reason }, after: { liftReason: reason } },
        });
        return tx.legalHold.findUniqueOrThrow({ where: { id: hold.id }, include: HOLD_INCLUDE });
      });
    },

    /** The holds of the viewer's provider organisations, newest first; by mandate or client, in force or all. */
    async listHolds(viewer: Viewer, raw: unknown = {}): Promise<HoldRow[]> {
      const q = parseInput(HoldListQuerySchema, raw);
      const organizationIds = viewer.memberships.filter((m) => m.organizationKind === "PROVIDER" && m.role !== "CLIENT").map((m) => m.organizationId);
      if (!organizationIds.length) throw forbidden("Only the provider's team can see legal holds.");
      if (q.mandateId && q.clientOrganizationId) throw invalid([{ path: "mandateId", message: "Ask for one mandate or one client, not both." }]);
      return db.legalHold.findMany({
        where: {
          organizationId: { in: organizationIds },
          ...(q.mandateId ? { mandateId: q.mandateId } : {}),
          ...(q.clientOrganizationId ? { clientOrganizationId: q.clientOrganizationId } : {}),
          ...(q.state === "all" ? {} : { liftedAt: null }),
        },
        include: HOLD_INCLUDE,
        orderBy: [{ placedAt: "desc" }, { id: "asc" }],
      });
    },
  };
}
