import type { Prisma } from "../db/generated/client.ts";
import { costOfMinutes } from "../mandates/money.ts";
import { normalise } from "../outcomes/approvers.ts";

type Tx = Prisma.TransactionClient;

/**
 * How time becomes cost (ADR 039). An entry is priced by the provider's rate card for the
 * person's role (as recorded on the entry), in the mandate's currency, valid on the entry's
 * date: minutes × hourly rate / 60, rounded half up per entry. No such card: the entry is
 * unrated (no cost). A deliverable keeps the sums of its entries as columns (effortMinutes,
 * costMinor, unratedMinutes), so the KPI rollups read one row: its cost is known only when every
 * entry is rated.
 */

/** The key a role and a job title are compared on. */
export const roleKeyOf = (role: string) => normalise(role);

export type CardForRating = { id: string; roleKey: string; currency: string; hourlyRateMinor: bigint; validFrom: Date; validTo: Date | null };

/** The card valid on `date` for this role and currency (cards of one role and currency never overlap), or undefined. */
export function cardFor(cards: readonly CardForRating[], role: string | null, currency: string, date: Date): CardForRating | undefined {
  if (!role) return undefined;
  const key = roleKeyOf(role);
  return cards.find((c) => c.roleKey === key && c.currency === currency && c.validFrom <= date && (c.validTo === null || date <= c.validTo));
}

/** An entry's rate columns from its card (or none: unrated). */
export function pricing(card: CardForRating | undefined, minutes: number) {
  return card
    ? { rateCardId: card.id, hourlyRateMinor: card.hourlyRateMinor, costMinor: costOfMinutes(minutes, card.hourlyRateMinor) }
    : { rateCardId: null, hourlyRateMinor: null, costMinor: null };
}

export const CARD_FOR_RATING = { id: true, roleKey: true, currency: true, hourlyRateMinor: true, validFrom: true, validTo: true } as const;

/** The provider's cards, for pricing its entries. */
export function cardsOf(tx: Tx, organizationId: string): Promise<CardForRating[]> {
  return tx.rateCard.findMany({ where: { organizationId }, select: CARD_FOR_RATING });
}

/**
 * Prices again the provider's entries a change of cards may touch — those with a role, on its
 * mandates in `currency`, dated within [from, to] (to null: onwards) — and sets their
 * deliverables' sums. Entries migrated from the blended rate have no role and keep their cost.
 */
export async function repriceEntries(tx: Tx, organizationId: string, currency: string, from: Date, to: Date | null) {
  const cards = await cardsOf(tx, organizationId);
  const entries = await tx.timeEntry.findMany({
    where: {
      role: { not: null },
      date: { gte: from, ...(to ? { lte: to } : {}) },
      deliverable: { mandate: { providerOrganizationId: organizationId, currency } },
    },
    select: { id: true, deliverableId: true, role: true, date: true, minutes: true, costMinor: true, rateCardId: true, hourlyRateMinor: true },
  });
  const touched = new Set<string>();
  for (const e of entries) {
    const next = pricing(cardFor(cards, e.role, currency, e.date), e.minutes);
    if (next.rateCardId === e.rateCardId && next.costMinor === e.costMinor && next.hourlyRateMinor === e.hourlyRateMinor) continue;
    await tx.timeEntry.update({ where: { id: e.id }, data: next });
    touched.add(e.deliverableId);
  }
  await updateDeliverableSums(tx, [...touched]);
  return touched.size;
}

/** Sets each deliverable's effortMinutes, costMinor and unratedMinutes from its entries. */
export async function updateDeliverableSums(tx: Tx, deliverableIds: readonly string[]) {
  if (!deliverableIds.length) return;
  const [all, unrated] = await Promise.all([
    tx.timeEntry.groupBy({ by: ["deliverableId"], where: { deliverableId: { in: [...deliverableIds] } }, _sum: { minutes: true, costMinor: true }, _count: { _all: true } }),
    tx.timeEntry.groupBy({ by: ["deliverableId"], where: { deliverableId: { in: [...deliverableIds] }, costMinor: null }, _sum: { minutes: true } }),
  ]);
  const sums = new Map(all.map((g) => [g.deliverableId, g]));
  const unratedOf = new Map(unrated.map((g) => [g.deliverableId, g._sum.minutes ?? 0]));
  for (const id of deliverableIds) {
    const s = sums.get(id);
    const unratedMinutes = unratedOf.get(id) ?? 0;
    await tx.deliverable.update({
      where: { id },
      data: {
        effortMinutes: s ? (s._sum.minutes ?? 0) : null,
        costMinor: s && unratedMinutes === 0 ? (s._sum.costMinor ?? 0n) : null,
        unratedMinutes,
      },
    });
  }
}
