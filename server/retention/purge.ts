import { recordAuditEvent } from "../audit/service.ts";
import type { Db } from "../db/database.ts";
import { purgeBlockers, type PurgeBlocker } from "./rules.ts";
import { trashExpiresAt } from "./trash.ts";
import { TRASH_DAYS } from "../config.ts";

export type PurgeReport = {
  dryRun: boolean;
  purged: { id: string; title: string }[];
  kept: { id: string; title: string; blockers: PurgeBlocker[] }[];
};

/**
 * Removes for good what has been in the trash longer than TRASH_DAYS, with its versions, links
 * and shares, except what a legal hold or the retention period keeps (rules.ts). Each removal is
 * an audit event; the audit trail itself is never purged. `dryRun` reports without deleting.
 */
export async function purgeTrash(db: Db, { now, retentionYears, dryRun = false, actorId = null }: { now: Date; retentionYears: number; dryRun?: boolean; actorId?: string | null }): Promise<PurgeReport> {
  const cutoff = new Date(now.getTime() - TRASH_DAYS * 24 * 60 * 60 * 1000);
  const due = await db.document.findMany({
    where: { deletedAt: { lte: cutoff } },
    select: { id: true, title: true, kind: true, organizationId: true, clientOrganizationId: true, deletedAt: true, deletedById: true },
    orderBy: { deletedAt: "asc" },
  });
  const blockers = await purgeBlockers(db, due.map((d) => d.id), { now, retentionYears });
  const report: PurgeReport = { dryRun, purged: [], kept: [] };
  for (const doc of due) {
    const kept = blockers.get(doc.id);
    if (kept) {
      report.kept.push({ id: doc.id, title: doc.title, blockers: kept });
      continue;
    }
    if (!dryRun) {
      const removed = await db.$transaction(async (tx) => {
        // The same conditions in the write: a restore or a new hold meanwhile keeps it.
        if ((await purgeBlockers(tx, [doc.id], { now, retentionYears })).size) return false;
        const { count } = await tx.document.deleteMany({ where: { id: doc.id, deletedAt: { lte: cutoff } } });
        if (count === 0) return false;
        await recordAuditEvent(tx, {
          organizationId: doc.organizationId,
          actorId,
          action: "document.purged",
          targetType: "document",
          targetId: doc.id,
          data: {
            before: { title: doc.title, kind: doc.kind, clientOrganizationId: doc.clientOrganizationId, deletedAt: doc.deletedAt!.toISOString(), deletedById: doc.deletedById },
            after: null,
            trashExpiredAt: trashExpiresAt(doc.deletedAt!).toISOString(),
          },
        });
        return true;
      });
      if (!removed) continue;
    }
    report.purged.push({ id: doc.id, title: doc.title });
  }
  return report;
}
