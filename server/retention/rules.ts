import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors.ts";

/**
 * What keeps material from being deleted or purged (ADR 021), written once: the trash, the purge,
 * and the mandate and deliverable deletes all ask these functions.
 *
 * A legal hold on a mandate or a client organisation covers "everything of it": the client's
 * material (by client or by mandate), the mandate and its deliverables, and every document linked
 * to a held mandate (the playbook used on the matter is evidence too).
 *
 * Retention: client material, and any document that delivered work used (linked to a delivered
 * deliverable, directly, through a toolkit, or by a pinned version), is kept until RETENTION_YEARS
 * after its mandate closed; while the mandate is open, it is kept. The audit trail is never purged
 * (nothing here deletes an AuditEvent).
 */

type Tx = Pick<Db, "legalHold" | "document" | "resourceLink" | "mandate" | "deliveryRecordItem">;

export type HoldRef = { id: string; reason: string; placedAt: Date; mandateId: string | null; clientOrganizationId: string | null };

export type PurgeBlocker =
  | { kind: "legal_hold"; hold: HoldRef }
  /** Kept until `until` (null: the mandate is still open, so the period has not started). */
  | { kind: "retention"; mandateId: string; reference: string; cause: "client_material" | "delivered"; until: Date | null };

const HOLD_SELECT = { id: true, reason: true, placedAt: true, mandateId: true, clientOrganizationId: true } as const satisfies Prisma.LegalHoldSelect;

/** Holds in force on any of these mandates or client organisations. */
export async function activeHoldsOn(db: Tx, scope: { mandateIds?: string[]; clientOrganizationIds?: string[] }): Promise<HoldRef[]> {
  const mandateIds = [...new Set(scope.mandateIds ?? [])];
  const clientOrganizationIds = [...new Set(scope.clientOrganizationIds ?? [])];
  if (!mandateIds.length && !clientOrganizationIds.length) return [];
  return db.legalHold.findMany({
    where: { liftedAt: null, OR: [{ mandateId: { in: mandateIds } }, { clientOrganizationId: { in: clientOrganizationIds } }] },
    select: HOLD_SELECT,
    orderBy: { placedAt: "asc" },
  });
}

/** 409 legal_hold naming the hold, so the person refused knows whom to ask. */
export function heldError(hold: HoldRef): AppError {
  const what = hold.mandateId ? "its mandate" : "its client";
  return new AppError(409, "legal_hold", `A legal hold on ${what} is in force (placed ${hold.placedAt.toISOString().slice(0, 10)}: "${hold.reason}"): nothing of it can be deleted.`, {
    holdId: hold.id,
    reason: hold.reason,
    mandateId: hold.mandateId,
    clientOrganizationId: hold.clientOrganizationId,
  });
}

/** Refuses (409 legal_hold) when a hold covers this mandate or client (the mandate and deliverable deletes). */
export async function assertNotHeld(db: Tx, scope: { mandateId?: string; clientOrganizationId?: string }): Promise<void> {
  const mandate = scope.mandateId
    ? await db.mandate.findUnique({ where: { id: scope.mandateId }, select: { id: true, clientOrganizationId: true } })
    : null;
  const [hold] = await activeHoldsOn(db, {
    mandateIds: mandate ? [mandate.id] : [],
    clientOrganizationIds: [...(scope.clientOrganizationId ? [scope.clientOrganizationId] : []), ...(mandate ? [mandate.clientOrganizationId] : [])],
  });
  if (hold) throw heldError(hold);
}

/** The mandates a document belongs to for holds and retention: its own, and those it is linked to. */
async function mandatesOf(db: Tx, documentIds: string[]) {
  const [docs, links] = await Promise.all([
    db.document.findMany({
      where: { id: { in: documentIds } },
      select: { id: true, clientOrganizationId: true, mandate: { select: MANDATE_SELECT } },
    }),
    db.resourceLink.findMany({
      where: { OR: [{ documentId: { in: documentIds } }, { viaToolkitId: { in: documentIds } }, { documentVersion: { documentId: { in: documentIds } } }] },
      select: {
        documentId: true,
        viaToolkitId: true,
        documentVersion: { select: { documentId: true } },
        deliverable: { select: { firstDeliveredAt: true } },
        mandate: { select: MANDATE_SELECT },
      },
    }),
  ]);
  return { docs, links };
}

const MANDATE_SELECT = { id: true, reference: true, clientOrganizationId: true, closedAt: true } as const satisfies Prisma.MandateSelect;

/** Holds covering each document (only documents with one are in the map). */
export async function holdsOnDocuments(db: Tx, documentIds: string[]): Promise<Map<string, HoldRef[]>> {
  const result = new Map<string, HoldRef[]>();
  if (!documentIds.length) return result;
  const { docs, links } = await mandatesOf(db, documentIds);
  const scopes = new Map<string, { mandateIds: Set<string>; clientIds: Set<string> }>(
    docs.map((d) => [d.id, { mandateIds: new Set(d.mandate ? [d.mandate.id] : []), clientIds: new Set(d.clientOrganizationId ? [d.clientOrganizationId] : []) }]),
  );
  for (const link of links) {
    for (const id of linkedDocumentIds(link)) {
      const scope = scopes.get(id);
      scope?.mandateIds.add(link.mandate.id);
      scope?.clientIds.add(link.mandate.clientOrganizationId);
    }
  }
  const all = [...scopes.values()];
  const holds = await activeHoldsOn(db, { mandateIds: all.flatMap((s) => [...s.mandateIds]), clientOrganizationIds: all.flatMap((s) => [...s.clientIds]) });
  for (const [id, scope] of scopes) {
    const covering = holds.filter((h) => (h.mandateId && scope.mandateIds.has(h.mandateId)) || (h.clientOrganizationId && scope.clientIds.has(h.clientOrganizationId)));
    if (covering.length) result.set(id, covering);
  }
  return result;
}

/** Refuses (409 legal_hold) to delete a document a hold covers. */
export async function assertDocumentNotHeld(db: Tx, documentId: string): Promise<void> {
  const hold = (await holdsOnDocuments(db, [documentId])).get(documentId)?.[0];
  if (hold) throw heldError(hold);
}

function linkedDocumentIds(link: { documentId: string; viaToolkitId: string | null; documentVersion: { documentId: string } | null }) {
  return new Set([link.documentId, ...(link.viaToolkitId ? [link.viaToolkitId] : []), ...(link.documentVersion ? [link.documentVersion.documentId] : [])]);
}

/** The end of a mandate's retention period: null while it is open (the period has not begun). */
export function retainedUntil(closedAt: Date | null, retentionYears: number): Date | null {
  if (!closedAt) return null;
  const until = new Date(closedAt);
  until.setUTCFullYear(until.getUTCFullYear() + retentionYears);
  return until;
}

/**
 * Why each of these documents may not be purged now (documents absent from the map may be). The
 * lead extends this at merge with versions that delivery records point to.
 */
export async function purgeBlockers(db: Tx, documentIds: string[], { now, retentionYears }: { now: Date; retentionYears: number }): Promise<Map<string, PurgeBlocker[]>> {
  const result = new Map<string, PurgeBlocker[]>();
  if (!documentIds.length) return result;
  const add = (id: string, blocker: PurgeBlocker) => result.set(id, [...(result.get(id) ?? []), blocker]);
  const retains = (mandate: { closedAt: Date | null }) => {
    const until = retainedUntil(mandate.closedAt, retentionYears);
    return until === null || until > now;
  };

  for (const [id, holds] of await holdsOnDocuments(db, documentIds)) for (const hold of holds) add(id, { kind: "legal_hold", hold });

  const { docs, links } = await mandatesOf(db, documentIds);
  const wanted = new Set(documentIds);
  for (const link of links) {
    if (!link.deliverable?.firstDeliveredAt || !retains(link.mandate)) continue;
    for (const id of linkedDocumentIds(link)) {
      if (wanted.has(id)) add(id, { kind: "retention", cause: "delivered", mandateId: link.mandate.id, reference: link.mandate.reference, until: retainedUntil(link.mandate.closedAt, retentionYears) });
    }
  }

  // Versions a delivery record points to (ADR 020): the record must stay provable for its mandate's period.
  const recorded = await db.deliveryRecordItem.findMany({
    where: { documentId: { in: documentIds }, versionId: { not: null } },
    select: { documentId: true, record: { select: { mandateId: true } } },
  });
  const recordMandates = new Map(
    (await db.mandate.findMany({ where: { id: { in: [...new Set(recorded.map((r) => r.record.mandateId))] } }, select: MANDATE_SELECT })).map((m) => [m.id, m]),
  );
  for (const item of recorded) {
    const m = recordMandates.get(item.record.mandateId);
    if (!m || !retains(m) || result.get(item.documentId)?.some((b) => b.kind === "retention" && b.cause === "delivered" && b.mandateId === m.id)) continue;
    add(item.documentId, { kind: "retention", cause: "delivered", mandateId: m.id, reference: m.reference, until: retainedUntil(m.closedAt, retentionYears) });
  }

  // Client material: its mandate's period; made outside a mandate, the period of every mandate of its client.
  const unattached = [...new Set(docs.filter((d) => d.clientOrganizationId && !d.mandate).map((d) => d.clientOrganizationId!))];
  const clientMandates = unattached.length
    ? await db.mandate.findMany({ where: { clientOrganizationId: { in: unattached } }, select: MANDATE_SELECT })
    : [];
  for (const doc of docs) {
    if (!doc.clientOrganizationId) continue;
    const mandates = doc.mandate ? [doc.mandate] : clientMandates.filter((m) => m.clientOrganizationId === doc.clientOrganizationId);
    for (const m of mandates) {
      if (retains(m)) add(doc.id, { kind: "retention", cause: "client_material", mandateId: m.id, reference: m.reference, until: retainedUntil(m.closedAt, retentionYears) });
    }
  }
  return result;
}
