import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { versionsInForce } from "../documents/in-force.ts";
import type { DocumentStateStore } from "../documents/state-store.ts";
import { contentHash, insertVersion, snapshotOf } from "../documents/versions.ts";
import { DELIVERED_STATUSES, type DeliverableStatus } from "./transitions.ts";
import { outcomesOnRecord } from "../outcomes/pending.ts";

type Tx = Prisma.TransactionClient;

/**
 * The delivery record (ADR 020): what a deliverable's move to DELIVERED leaves behind, written in
 * that move's transaction and never changed (a trigger refuses UPDATE and DELETE). It names the
 * delivered documents' versions (made at delivery, with content hashes), the version in force
 * (by effective date) of every document linked to the deliverable or its mandate, the template
 * version each delivered document was generated from, who delivered it when, and the
 * deliverable's negotiation outcomes with their approvals (ADR 036).
 *
 * Delivered documents are the client material made for this deliverable: documents linked to it
 * that were made for the mandate (`Document.mandateId`). Everything else linked is reference.
 */

const LINKED_SELECT = {
  documentId: true,
  deliverableId: true,
  generatedFromVersionId: true,
  document: { select: { id: true, title: true, kind: true, mandateId: true } },
} as const satisfies Prisma.ResourceLinkSelect;

type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;

/** What is read before the transaction: the links and each delivered document's current state. */
export type DeliveryPlan = Awaited<ReturnType<typeof planDelivery>>;

export async function planDelivery(db: Db, store: DocumentStateStore, deliverable: { id: string; mandateId: string }) {
  const links = await db.resourceLink.findMany({
    where: { mandateId: deliverable.mandateId, OR: [{ deliverableId: deliverable.id }, { deliverableId: null }] },
    select: LINKED_SELECT,
    orderBy: [{ attachedAt: "asc" }, { id: "asc" }],
  });
  const delivered = uniqueBy(
    links.filter((l) => l.deliverableId === deliverable.id && l.document.mandateId === deliverable.mandateId),
    (l) => l.documentId,
  );
  const deliveredIds = new Set(delivered.map((l) => l.documentId));
  const reference = uniqueBy(
    links.filter((l) => !deliveredIds.has(l.documentId)),
    (l) => l.documentId,
  );
  const snapshots = new Map<string, Snapshot>();
  for (const link of delivered) snapshots.set(link.documentId, await snapshotOf(store, link.documentId));
  return { delivered, reference, snapshots };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

/**
 * Writes the record in the caller's transaction: a version of each delivered document (named
 * for the delivery, hashed), locks those documents, and records the versions in force at `at`.
 * Returns the locked document ids (their open sync sockets must reconnect read-only).
 */
export async function writeDeliveryRecord(
  tx: Tx,
  plan: DeliveryPlan,
  input: { deliverable: { id: string; mandateId: string; title: string }; viewer: Viewer; at: Date },
) {
  const { deliverable, viewer, at } = input;
  const items: Prisma.DeliveryRecordItemCreateWithoutRecordInput[] = [];
  const sequence = (await tx.deliveryRecord.count({ where: { deliverableId: deliverable.id } })) + 1;

  for (const link of plan.delivered) {
    const snapshot = plan.snapshots.get(link.documentId)!;
    const version = await insertVersion(tx, {
      documentId: link.documentId,
      name: `Delivered: ${deliverable.title}${sequence > 1 ? ` (delivery ${sequence})` : ""}`,
      reason: "MANUAL",
      ydocState: snapshot.ydocState,
      contentJson: snapshot.derived.json,
      contentText: snapshot.derived.text,
      createdById: viewer.id,
    });
    const hash = version.contentHash ?? contentHash(snapshot.derived.json);
    items.push({
      role: "DELIVERED",
      position: items.length,
      documentId: link.documentId,
      documentTitle: link.document.title,
      documentKind: link.document.kind,
      versionId: version.id,
      versionNumber: version.number,
      contentHash: hash,
      effectiveAt: at,
      generatedFromVersionId: link.generatedFromVersionId,
    });
  }

  const templateVersionIds = plan.delivered.flatMap((l) => (l.generatedFromVersionId ? [l.generatedFromVersionId] : []));
  const inForce = await versionsInForce(tx, plan.reference.map((l) => l.documentId), at);
  const versionIds = [...templateVersionIds, ...[...inForce.values()].map((v) => v.id)];
  const versions = new Map(
    (
      await tx.documentVersion.findMany({
        where: { id: { in: versionIds } },
        select: { id: true, number: true, effectiveAt: true, createdAt: true, contentHash: true, contentJson: true, document: { select: { id: true, title: true, kind: true } } },
      })
    ).map((v) => [v.id, v]),
  );
  const hashOf = (v: { contentHash: string | null; contentJson: unknown }) => v.contentHash ?? contentHash(v.contentJson);

  for (const id of new Set(templateVersionIds)) {
    const v = versions.get(id);
    if (!v) continue; // The template version was deleted since the document was generated.
    items.push({
      role: "TEMPLATE",
      position: items.length,
      documentId: v.document.id,
      documentTitle: v.document.title,
      documentKind: v.document.kind,
      versionId: v.id,
      versionNumber: v.number,
      contentHash: hashOf(v),
      effectiveAt: v.effectiveAt ?? v.createdAt,
    });
  }
  for (const link of plan.reference) {
    const current = inForce.get(link.documentId);
    const v = current ? versions.get(current.id) : undefined;
    items.push({
      role: "IN_FORCE",
      position: items.length,
      documentId: link.documentId,
      documentTitle: link.document.title,
      documentKind: link.document.kind,
      versionId: v?.id ?? null,
      versionNumber: v?.number ?? null,
      contentHash: v ? hashOf(v) : null,
      effectiveAt: current?.effectiveAt ?? null,
    });
  }

  const lockedIds = plan.delivered.map((l) => l.documentId);
  if (lockedIds.length) await tx.document.updateMany({ where: { id: { in: lockedIds } }, data: { deliveryLockedAt: at } });
  const record = await tx.deliveryRecord.create({
    data: {
      deliverableId: deliverable.id,
      mandateId: deliverable.mandateId,
      sequence,
      deliveredAt: at,
      deliveredById: viewer.id,
      deliveredByName: viewer.name,
      outcomes: await outcomesOnRecord(tx, deliverable.id),
      items: { create: items },
    },
    select: { id: true, sequence: true },
  });
  return { record, lockedIds };
}

/**
 * Back to work after a rejection: the documents of this deliverable's deliveries unlock for
 * rework, unless another deliverable still delivered or accepted delivered them too. The records
 * keep the versions that were delivered; the next delivery writes a new record.
 */
export async function unlockForRework(tx: Tx, deliverableId: string): Promise<string[]> {
  const mine = await tx.deliveryRecordItem.findMany({
    where: { role: "DELIVERED", record: { deliverableId } },
    select: { documentId: true },
    distinct: ["documentId"],
  });
  const ids = mine.map((i) => i.documentId);
  if (!ids.length) return [];
  const held = await tx.deliveryRecordItem.findMany({
    where: {
      role: "DELIVERED",
      documentId: { in: ids },
      record: { deliverableId: { not: deliverableId }, deliverable: { status: { in: [...DELIVERED_STATUSES] as DeliverableStatus[] } } },
    },
    select: { documentId: true },
  });
  const stillHeld = new Set(held.map((h) => h.documentId));
  const unlock = ids.filter((id) => !stillHeld.has(id));
  if (unlock.length) await tx.document.updateMany({ where: { id: { in: unlock } }, data: { deliveryLockedAt: null } });
  return unlock;
}

export const DELIVERY_RECORD_INCLUDE = {
  items: { orderBy: { position: "asc" } },
} as const satisfies Prisma.DeliveryRecordInclude;
export type DeliveryRecordRow = Prisma.DeliveryRecordGetPayload<{ include: typeof DELIVERY_RECORD_INCLUDE }>;
