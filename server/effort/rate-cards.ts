import { recordAuditEvent } from "../audit/service.ts";
import { authorize } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, forbidden, invalid, notFound } from "../errors.ts";
import { amountOf, dayKey } from "../mandates/rows.ts";
import { parseInput } from "../validation.ts";
import { repriceEntries, roleKeyOf } from "./costing.ts";
import { IdSchema, RateCardCreateSchema, RateCardUpdateSchema } from "./schema.ts";

type Tx = Prisma.TransactionClient;

/**
 * The provider's rate cards (ADR 039): an hourly cost rate per role and currency over inclusive
 * days, which never overlap for one role and currency. Its admins keep them; every change
 * prices again the entries it touches, in the same transaction, and is audited.
 */

export type RateCardRow = Prisma.RateCardGetPayload<object>;

/** The provider the viewer administers: rate cards are per provider organisation. */
function providerOf(viewer: Viewer): string {
  const admin = viewer.memberships.find((m) => m.organizationKind === "PROVIDER" && m.role === "ADMIN");
  if (!admin) throw forbidden("Only the provider's admins keep rate cards.");
  authorize(viewer, "manage", { type: "rateCard", organizationId: admin.organizationId });
  return admin.organizationId;
}

const overlap = (other: RateCardRow) =>
  new AppError(409, "rate_card_overlap", `A card for ${other.role} in ${other.currency} already applies from ${dayKey(other.validFrom)}${other.validTo ? ` to ${dayKey(other.validTo)}` : " on"}: end it first, or choose other dates.`, {
    rateCardId: other.id,
    validFrom: dayKey(other.validFrom),
    validTo: dayKey(other.validTo),
  });

/** 409 when another card of the role and currency applies on any day of [from, to]. */
async function refuseOverlap(tx: Tx, card: { organizationId: string; roleKey: string; currency: string; validFrom: Date; validTo: Date | null }, exceptId?: string) {
  const other = await tx.rateCard.findFirst({
    where: {
      organizationId: card.organizationId,
      roleKey: card.roleKey,
      currency: card.currency,
      ...(exceptId ? { id: { not: exceptId } } : {}),
      ...(card.validTo ? { validFrom: { lte: card.validTo } } : {}),
      OR: [{ validTo: null }, { validTo: { gte: card.validFrom } }],
    },
    orderBy: { validFrom: "asc" },
  });
  if (other) throw overlap(other);
}

const auditShape = (c: RateCardRow) => ({
  role: c.role,
  currency: c.currency,
  hourlyRateMinor: Number(c.hourlyRateMinor),
  validFrom: dayKey(c.validFrom),
  validTo: dayKey(c.validTo),
});

/** The earlier start and later end of two ranges (null end: open). */
const span = (a: { validFrom: Date; validTo: Date | null }, b: { validFrom: Date; validTo: Date | null }) => ({
  from: a.validFrom < b.validFrom ? a.validFrom : b.validFrom,
  to: a.validTo === null || b.validTo === null ? null : a.validTo > b.validTo ? a.validTo : b.validTo,
});

export function createRateCardCommands({ db, now }: { db: Db; now: () => Date }) {
  async function requireCard(viewer: Viewer, id: unknown) {
    const organizationId = providerOf(viewer);
    const card = await db.rateCard.findFirst({ where: { id: parseInput(IdSchema, id), organizationId } });
    if (!card) throw notFound("rate card");
    return card;
  }

  /** Serialises card changes of one provider: two admins cannot both pass the overlap check. */
  const lockCards = (tx: Tx, organizationId: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rate-cards:${organizationId}`}))`;

  return {
    /** The provider's cards by role, currency and start. */
    async listRateCards(viewer: Viewer) {
      const organizationId = providerOf(viewer);
      return db.rateCard.findMany({ where: { organizationId }, orderBy: [{ roleKey: "asc" }, { currency: "asc" }, { validFrom: "asc" }] });
    },

    async createRateCard(viewer: Viewer, raw: unknown) {
      const input = parseInput(RateCardCreateSchema, raw);
      const organizationId = providerOf(viewer);
      const hourlyRateMinor = amountOf(input.hourlyRate, input.hourlyRateMinor, input.currency, "hourlyRate")!;
      const card = { organizationId, role: input.role.replace(/\s+/g, " "), roleKey: roleKeyOf(input.role), currency: input.currency, hourlyRateMinor, validFrom: input.validFrom, validTo: input.validTo };
      return db.$transaction(async (tx) => {
        await lockCards(tx, organizationId);
        await refuseOverlap(tx, card);
        const created = await tx.rateCard.create({ data: { ...card, createdById: viewer.id, createdAt: now() } });
        const repriced = await repriceEntries(tx, organizationId, created.currency, created.validFrom, created.validTo);
        await recordAuditEvent(tx, {
          organizationId,
          actorId: viewer.id,
          action: "rate_card.created",
          targetType: "rate_card",
          targetId: created.id,
          data: { before: null, after: auditShape(created), repricedDeliverables: repriced },
        });
        return created;
      });
    },

    async updateRateCard(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(RateCardUpdateSchema, raw);
      const before = await requireCard(viewer, id);
      const currency = input.currency ?? before.currency;
      const rate = amountOf(input.hourlyRate, input.hourlyRateMinor, currency, "hourlyRate");
      const role = input.role?.replace(/\s+/g, " ") ?? before.role;
      const next = {
        role,
        roleKey: roleKeyOf(role),
        currency,
        hourlyRateMinor: rate ?? before.hourlyRateMinor,
        validFrom: input.validFrom ?? before.validFrom,
        validTo: input.validTo === undefined ? before.validTo : input.validTo,
      };
      if (next.validTo && next.validTo < next.validFrom) throw invalid([{ path: "validTo", message: "The card cannot end before it starts." }]);
      return db.$transaction(async (tx) => {
        await lockCards(tx, before.organizationId);
        await refuseOverlap(tx, { organizationId: before.organizationId, ...next }, before.id);
        const updated = await tx.rateCard.update({ where: { id: before.id }, data: next });
        // Entries it priced before and those it prices now: both ranges, both currencies.
        const { from, to } = span(before, updated);
        let repriced = await repriceEntries(tx, before.organizationId, updated.currency, from, to);
        if (before.currency !== updated.currency) repriced += await repriceEntries(tx, before.organizationId, before.currency, from, to);
        await recordAuditEvent(tx, {
          organizationId: before.organizationId,
          actorId: viewer.id,
          action: "rate_card.updated",
          targetType: "rate_card",
          targetId: before.id,
          data: { before: auditShape(before), after: auditShape(updated), repricedDeliverables: repriced },
        });
        return updated;
      });
    },

    /** Removes a card: the entries it priced are priced again (by no card, they are unrated). */
    async deleteRateCard(viewer: Viewer, id: unknown) {
      const before = await requireCard(viewer, id);
      await db.$transaction(async (tx) => {
        await lockCards(tx, before.organizationId);
        await tx.rateCard.delete({ where: { id: before.id } });
        const repriced = await repriceEntries(tx, before.organizationId, before.currency, before.validFrom, before.validTo);
        await recordAuditEvent(tx, {
          organizationId: before.organizationId,
          actorId: viewer.id,
          action: "rate_card.deleted",
          targetType: "rate_card",
          targetId: before.id,
          data: { before: auditShape(before), after: null, repricedDeliverables: repriced },
        });
      });
    },
  };
}
