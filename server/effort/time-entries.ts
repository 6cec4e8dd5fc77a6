import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can, type Resource } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { forbidden, invalid, notFound } from "../errors.ts";
import { requireOpen } from "../mandates/guards.ts";
import { costOfMinutes } from "../mandates/money.ts";
import { mandateResource } from "../mandates/policy.ts";
import { auditDiff, dayKey } from "../mandates/rows.ts";
import { parseInput } from "../validation.ts";
import { cardFor, cardsOf, pricing, updateDeliverableSums } from "./costing.ts";
import { IdSchema, MINUTES_PER_DAY_MAX, TIME_ENTRIES_LIST_MAX, TimeEntryCreateSchema, TimeEntryUpdateSchema } from "./schema.ts";

type Tx = Prisma.TransactionClient;

/**
 * Time entries on a deliverable (ADR 039): who worked, on which day, how long, on what task.
 * The provider's staff who open the mandate read them; its PM and the provider's admins enter
 * anyone's on the team, a team member their own. Every change is an audit event on the
 * mandate, and sets the deliverable's effort and cost (costing.ts) in the same transaction.
 */

const PERSON = { select: { id: true, name: true } } as const;
export const TIME_ENTRY_INCLUDE = { user: PERSON } as const satisfies Prisma.TimeEntryInclude;
export type TimeEntryRow = Prisma.TimeEntryGetPayload<{ include: typeof TIME_ENTRY_INCLUDE }>;

const DELIVERABLE_SELECT = {
  id: true,
  title: true,
  type: true,
  status: true,
  feeMinor: true,
  effortMinutes: true,
  costMinor: true,
  unratedMinutes: true,
  mandate: {
    select: {
      id: true,
      title: true,
      reference: true,
      status: true,
      currency: true,
      pricingModel: true,
      providerOrganizationId: true,
      clientOrganizationId: true,
      projectManagerId: true,
      members: { select: { userId: true, user: PERSON }, orderBy: [{ addedAt: "asc" }, { userId: "asc" }] },
    },
  },
} as const satisfies Prisma.DeliverableSelect;
export type DeliverableForTime = Prisma.DeliverableGetPayload<{ select: typeof DELIVERABLE_SELECT }>;
type MandateForTime = DeliverableForTime["mandate"];

/** The policy's resource for `personId`'s time on this mandate (null: anyone's, for reading). */
export function timeResource(
  mandate: Pick<MandateForTime, "providerOrganizationId" | "clientOrganizationId" | "projectManagerId"> & { members: { userId: string }[] },
  personId: string | null,
): Resource {
  return {
    type: "timeEntry",
    mandate: {
      providerOrganizationId: mandate.providerOrganizationId,
      clientOrganizationId: mandate.clientOrganizationId,
      projectManagerId: mandate.projectManagerId,
      memberIds: mandate.members.map((m) => m.userId),
    },
    personId,
  };
}

const onTeam = (mandate: MandateForTime, userId: string) => mandate.projectManagerId === userId || mandate.members.some((m) => m.userId === userId);
const hours = (minutes: number) => `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;

export function createTimeEntryCommands({ db, now }: { db: Db; now: () => Date }) {
  /** The deliverable and its mandate: 404 when the viewer may not read the mandate, 403 when they read it but not its time (a client). */
  async function requireDeliverable(viewer: Viewer, id: unknown) {
    const deliverableId = parseInput(IdSchema, id);
    const deliverable = await db.deliverable.findUnique({ where: { id: deliverableId }, select: DELIVERABLE_SELECT });
    if (!deliverable || !can(viewer, "read", mandateResource(deliverable.mandate))) throw notFound("deliverable");
    if (!can(viewer, "read", timeResource(deliverable.mandate, null))) throw forbidden("Time entries, effort and costs are the provider's.");
    return deliverable;
  }

  async function requireEntry(deliverableId: string, id: unknown) {
    const entryId = parseInput(IdSchema, id);
    const entry = await db.timeEntry.findFirst({ where: { id: entryId, deliverableId }, include: TIME_ENTRY_INCLUDE });
    if (!entry) throw notFound("time entry");
    return entry;
  }

  /** The person's job title in the provider, if they are its staff on this mandate's team; else a 422 on `userId`. */
  async function teamTitle(mandate: MandateForTime, userId: string) {
    const membership = onTeam(mandate, userId)
      ? await db.membership.findFirst({ where: { organizationId: mandate.providerOrganizationId, userId, role: { not: "CLIENT" } }, select: { title: true } })
      : null;
    if (!membership) throw invalid([{ path: "userId", message: "Time is entered for people on the mandate's team." }]);
    return membership.title?.trim() || null;
  }

  /** 422 when the person's time on that day, with `minutes`, would pass 24 hours. */
  async function checkDay(tx: Tx, userId: string, date: Date, minutes: number, exceptId?: string) {
    const { _sum } = await tx.timeEntry.aggregate({ where: { userId, date, ...(exceptId ? { id: { not: exceptId } } : {}) }, _sum: { minutes: true } });
    const already = _sum.minutes ?? 0;
    if (already + minutes > MINUTES_PER_DAY_MAX) {
      throw invalid([{ path: "minutes", message: `That day already has ${hours(already)} entered for this person: a day has 24 hours.` }]);
    }
  }

  /** Rate columns for an entry: its role's card on its date; an entry migrated at a blended rate (no role) keeps that rate. */
  async function priceFor(tx: Tx, mandate: MandateForTime, entry: { role: string | null; date: Date; minutes: number; fixedRateMinor?: bigint | null }) {
    if (entry.role === null && entry.fixedRateMinor != null) {
      return { rateCardId: null, hourlyRateMinor: entry.fixedRateMinor, costMinor: costOfMinutes(entry.minutes, entry.fixedRateMinor) };
    }
    return pricing(cardFor(await cardsOf(tx, mandate.providerOrganizationId), entry.role, mandate.currency, entry.date), entry.minutes);
  }

  const auditShape = (e: { userId: string | null; date: Date; minutes: number; taskCode: string; note: string; costMinor: bigint | null }) => ({
    userId: e.userId,
    date: dayKey(e.date),
    minutes: e.minutes,
    taskCode: e.taskCode,
    note: e.note,
    costMinor: e.costMinor === null ? null : Number(e.costMinor),
  });
  const AUDITED = ["userId", "date", "minutes", "taskCode", "note", "costMinor"] as const;

  return {
    /** The deliverable's time entries (newest day first) and the figures made of them: the provider's staff only. */
    async listTimeEntries(viewer: Viewer, deliverableId: unknown) {
      const deliverable = await requireDeliverable(viewer, deliverableId);
      const entries = await db.timeEntry.findMany({
        where: { deliverableId: deliverable.id },
        include: TIME_ENTRY_INCLUDE,
        orderBy: [{ date: "desc" }, { createdAt: "desc" }, { id: "asc" }],
        take: TIME_ENTRIES_LIST_MAX,
      });
      return { deliverable, entries };
    },

    async createTimeEntry(viewer: Viewer, deliverableId: unknown, raw: unknown) {
      const input = parseInput(TimeEntryCreateSchema, raw);
      const deliverable = await requireDeliverable(viewer, deliverableId);
      const { mandate } = deliverable;
      const userId = input.userId ?? viewer.id;
      authorize(viewer, "create", timeResource(mandate, userId));
      requireOpen(mandate);
      const role = await teamTitle(mandate, userId);
      const entry = await db.$transaction(async (tx) => {
        await checkDay(tx, userId, input.date, input.minutes);
        const created = await tx.timeEntry.create({
          data: {
            deliverableId: deliverable.id,
            mandateId: mandate.id,
            userId,
            date: input.date,
            minutes: input.minutes,
            taskCode: input.taskCode,
            note: input.note,
            role,
            ...(await priceFor(tx, mandate, { role, date: input.date, minutes: input.minutes })),
            createdById: viewer.id,
            createdAt: now(),
          },
          include: TIME_ENTRY_INCLUDE,
        });
        await updateDeliverableSums(tx, [deliverable.id]);
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "time_entry.created",
          targetType: "mandate",
          targetId: mandate.id,
          data: { deliverableId: deliverable.id, timeEntryId: created.id, before: null, after: auditShape(created) },
        });
        return created;
      });
      return { deliverable, entry };
    },

    /** Changes an entry: its person's (or, for the PM and admins, anyone's); moving it to another person needs the right to enter theirs. */
    async updateTimeEntry(viewer: Viewer, deliverableId: unknown, entryId: unknown, raw: unknown) {
      const input = parseInput(TimeEntryUpdateSchema, raw);
      const deliverable = await requireDeliverable(viewer, deliverableId);
      const { mandate } = deliverable;
      const before = await requireEntry(deliverable.id, entryId);
      authorize(viewer, "update", timeResource(mandate, before.userId));
      const userId = input.userId ?? before.userId;
      const personChanged = input.userId !== undefined && input.userId !== before.userId;
      if (personChanged) authorize(viewer, "update", timeResource(mandate, input.userId!));
      requireOpen(mandate);
      const role = personChanged ? await teamTitle(mandate, input.userId!) : before.role;
      const date = input.date ?? before.date;
      const minutes = input.minutes ?? before.minutes;
      const entry = await db.$transaction(async (tx) => {
        if (userId) await checkDay(tx, userId, date, minutes, before.id);
        const updated = await tx.timeEntry.update({
          where: { id: before.id },
          data: {
            userId,
            date,
            minutes,
            taskCode: input.taskCode,
            note: input.note,
            role,
            ...(await priceFor(tx, mandate, { role, date, minutes, fixedRateMinor: before.rateCardId ? null : before.hourlyRateMinor })),
          },
          include: TIME_ENTRY_INCLUDE,
        });
        await updateDeliverableSums(tx, [deliverable.id]);
        const changed = auditDiff(AUDITED, auditShape(before), auditShape(updated));
        if (changed) {
          await recordAuditEvent(tx, {
            organizationId: mandate.providerOrganizationId,
            actorId: viewer.id,
            action: "time_entry.updated",
            targetType: "mandate",
            targetId: mandate.id,
            data: { deliverableId: deliverable.id, timeEntryId: before.id, ...changed },
          });
        }
        return updated;
      });
      return { deliverable, entry };
    },

    async deleteTimeEntry(viewer: Viewer, deliverableId: unknown, entryId: unknown) {
      const deliverable = await requireDeliverable(viewer, deliverableId);
      const { mandate } = deliverable;
      const before = await requireEntry(deliverable.id, entryId);
      authorize(viewer, "delete", timeResource(mandate, before.userId));
      requireOpen(mandate);
      await db.$transaction(async (tx) => {
        const { count } = await tx.timeEntry.deleteMany({ where: { id: before.id } });
        if (count === 0) throw notFound("time entry");
        await updateDeliverableSums(tx, [deliverable.id]);
        await recordAuditEvent(tx, {
          organizationId: mandate.providerOrganizationId,
          actorId: viewer.id,
          action: "time_entry.deleted",
          targetType: "mandate",
          targetId: mandate.id,
          data: { deliverableId: deliverable.id, timeEntryId: before.id, before: auditShape(before), after: null },
        });
      });
    },
  };
}
