import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";

export type AuditInput = {
  organizationId?: string | null;
  actorId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  /** `before` and `after` for changes; never secrets. */
  data?: Prisma.InputJsonValue;
};

export type AuditWriter = Pick<Db, "auditEvent">;

export function recordAuditEvent(db: AuditWriter, event: AuditInput) {
  return db.auditEvent.create({ data: event });
}

export function listAuditEvents(db: Db, organizationId: string, { limit = 50 }: { limit?: number } = {}) {
  return db.auditEvent.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    take: Math.min(limit, 200),
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
}
