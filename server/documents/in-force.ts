import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";

/**
 * The one answer to "which version of this document is in force on date D" (ADR 017).
 *
 * A publication is a PUBLISH version with an effective date. On D the version in force is the
 * publication with the latest effective date on or before D (the later number breaks a tie),
 * unless it had been withdrawn (unpublished) by then. A publication dated after D is scheduled,
 * not in force. Every reader asks this function, directly or through `Document.publishedVersionId`,
 * which holds its answer for "now" and is written only by `refreshVersionInForce`.
 */

export type InForceVersion = { id: string; documentId: string; number: number; effectiveAt: Date; createdAt: Date };

type VersionReader = Pick<Db, "documentVersion">;

const IN_FORCE_SELECT = { id: true, documentId: true, number: true, effectiveAt: true, createdAt: true } as const;

function publicationsInForceAt(documentIds: string[], at: Date): Prisma.DocumentVersionWhereInput {
  return {
    documentId: { in: documentIds },
    reason: "PUBLISH",
    effectiveAt: { lte: at },
    OR: [{ withdrawnAt: null }, { withdrawnAt: { gt: at } }],
  };
}

const asInForce = (v: { id: string; documentId: string; number: number; effectiveAt: Date | null; createdAt: Date }): InForceVersion => ({
  ...v,
  effectiveAt: v.effectiveAt ?? v.createdAt,
});

/** The version in force on `at` of each document that has one. */
export async function versionsInForce(db: VersionReader, documentIds: string[], at: Date): Promise<Map<string, InForceVersion>> {
  if (!documentIds.length) return new Map();
  const rows = await db.documentVersion.findMany({
    where: publicationsInForceAt([...new Set(documentIds)], at),
    orderBy: [{ documentId: "asc" }, { effectiveAt: "desc" }, { number: "desc" }],
    distinct: ["documentId"],
    select: IN_FORCE_SELECT,
  });
  return new Map(rows.map((v) => [v.documentId, asInForce(v)]));
}

export async function versionInForce(db: VersionReader, documentId: string, at: Date): Promise<InForceVersion | null> {
  return (await versionsInForce(db, [documentId], at)).get(documentId) ?? null;
}

/** Publications not yet in force on `at` (and not withdrawn), soonest first: "v6 takes effect on 1 March". */
export async function scheduledVersions(db: VersionReader, documentId: string, at: Date): Promise<InForceVersion[]> {
  const rows = await db.documentVersion.findMany({
    where: { documentId, reason: "PUBLISH", effectiveAt: { gt: at }, withdrawnAt: null },
    orderBy: [{ effectiveAt: "asc" }, { number: "asc" }],
    select: IN_FORCE_SELECT,
  });
  return rows.map(asInForce);
}

/**
 * Points `Document.publishedVersionId` at the version in force on `now`. Called in the
 * transaction of every publication and withdrawal, and by the sweep when a scheduled one takes
 * effect. Returns whether the pointer moved.
 */
export async function refreshVersionInForce(
  tx: Pick<Db, "documentVersion" | "document">,
  documentId: string,
  now: Date,
): Promise<{ changed: boolean; versionId: string | null }> {
  const [doc, inForce] = await Promise.all([
    tx.document.findUnique({ where: { id: documentId }, select: { publishedVersionId: true } }),
    versionInForce(tx, documentId, now),
  ]);
  const versionId = inForce?.id ?? null;
  if (!doc || doc.publishedVersionId === versionId) return { changed: false, versionId };
  await tx.document.update({ where: { id: documentId }, data: { publishedVersionId: versionId } });
  return { changed: true, versionId };
}

/** Documents whose stored pointer no longer answers "now": a scheduled publication took effect since. */
export async function documentsWithStalePointer(db: Pick<Db, "documentVersion">, now: Date, limit = 200): Promise<string[]> {
  const due = await db.documentVersion.findMany({
    where: { reason: "PUBLISH", withdrawnAt: null, effectiveAt: { lte: now }, liveFor: { is: null }, document: { status: { not: "ARCHIVED" } } },
    select: { documentId: true },
    distinct: ["documentId"],
    take: limit,
  });
  const ids = due.map((d) => d.documentId);
  const inForce = await versionsInForce(db, ids, now);
  const current = await db.documentVersion.findMany({ where: { documentId: { in: ids }, liveFor: { isNot: null } }, select: { id: true, documentId: true } });
  const pointer = new Map(current.map((v) => [v.documentId, v.id]));
  return ids.filter((id) => (inForce.get(id)?.id ?? null) !== (pointer.get(id) ?? null));
}
