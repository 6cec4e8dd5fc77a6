import type { HoldRow } from "./holds.ts";
import type { PurgeReport } from "./purge.ts";
import type { PurgeBlocker } from "./rules.ts";
import type { TrashItem } from "./trash.ts";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Why it stays past the trash period, in words a risk partner reads. */
export function describeBlocker(b: PurgeBlocker): string {
  if (b.kind === "legal_hold") return `Legal hold: ${b.hold.reason}`;
  const what = b.cause === "delivered" ? "Used in delivered work" : "Client material";
  return b.until ? `${what} of ${b.reference}: kept until ${day(b.until)}` : `${what} of ${b.reference}: kept while the mandate is open`;
}

export function presentTrashItem(item: TrashItem) {
  return {
    id: item.id,
    title: item.title,
    kind: item.kind,
    deletedAt: item.deletedAt.toISOString(),
    deletedBy: item.deletedBy ? { id: item.deletedBy.id, name: item.deletedBy.name } : null,
    expiresAt: item.expiresAt.toISOString(),
    daysLeft: item.daysLeft,
    canRestore: item.canRestore,
    keptBy: item.keptBy.map(describeBlocker),
  };
}
export type PresentedTrashItem = ReturnType<typeof presentTrashItem>;

export function presentHold(hold: HoldRow) {
  return {
    id: hold.id,
    mandate: hold.mandate ? { id: hold.mandate.id, title: hold.mandate.title, reference: hold.mandate.reference } : null,
    client: hold.client ? { id: hold.client.id, name: hold.client.name } : null,
    reason: hold.reason,
    placedAt: hold.placedAt.toISOString(),
    placedBy: hold.placedBy ? { id: hold.placedBy.id, name: hold.placedBy.name } : null,
    liftedAt: hold.liftedAt?.toISOString() ?? null,
    liftedBy: hold.liftedBy ? { id: hold.liftedBy.id, name: hold.liftedBy.name } : null,
    liftReason: hold.liftReason,
  };
}
export type PresentedHold = ReturnType<typeof presentHold>;

export function presentPurgeReport(report: PurgeReport) {
  return {
    dryRun: report.dryRun,
    purged: report.purged,
    kept: report.kept.map((k) => ({ id: k.id, title: k.title, because: k.blockers.map(describeBlocker) })),
  };
}
