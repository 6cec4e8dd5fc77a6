import type { Db } from "../db/database.ts";
import { AppError } from "../errors.ts";

/**
 * What the mandates domain asks of a deliverable's outcomes, as plain queries it imports (so
 * mandates never calls back into the outcomes service): whether delivery is blocked, and what
 * the delivery record keeps (ADR 020, 036).
 */
type OutcomeReader = Pick<Db, "negotiationOutcome">;

/** The deliverable's outcomes whose approval is pending or was declined: each blocks its delivery. */
export async function pendingApprovalsOf(db: OutcomeReader, deliverableId: string) {
  return db.negotiationOutcome.findMany({
    where: { deliverableId, approvalStatus: { in: ["PENDING", "DECLINED"] } },
    select: { documentId: true, clauseId: true, clauseName: true, approverRole: true, approvalStatus: true },
    orderBy: [{ clauseName: "asc" }, { clauseId: "asc" }],
  });
}

/** 409 approvals_pending naming the clauses, unless no outcome of the deliverable awaits or lost its approval. */
export async function assertApprovalsSettled(db: OutcomeReader, deliverableId: string) {
  const open = await pendingApprovalsOf(db, deliverableId);
  if (!open.length) return;
  const names = open.map((o) => `${o.clauseName || o.clauseId} (${o.approvalStatus === "PENDING" ? `awaiting ${o.approverRole}` : "declined"})`);
  throw new AppError(409, "approvals_pending", `This deliverable cannot be delivered while outcomes await or lost their approval: ${names.join(", ")}.`, {
    clauses: open.map((o) => ({ documentId: o.documentId, clauseId: o.clauseId, clauseName: o.clauseName, approverRole: o.approverRole, approvalStatus: o.approvalStatus })),
  });
}

/** One outcome as the delivery record keeps it: the clause, what was agreed, and its approval. */
export type OutcomeOnRecord = {
  documentId: string;
  documentTitle: string;
  versionNumber: number | null;
  clauseId: string;
  clauseName: string;
  outcome: string;
  fallbackIndex: number | null;
  approverRole: string | null;
  approvalStatus: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  onBehalf: boolean;
};

/** The deliverable's outcomes as they stand, for its delivery record. */
export async function outcomesOnRecord(db: OutcomeReader, deliverableId: string): Promise<OutcomeOnRecord[]> {
  const rows = await db.negotiationOutcome.findMany({
    where: { deliverableId },
    orderBy: [{ documentId: "asc" }, { clauseName: "asc" }, { clauseId: "asc" }],
    include: { document: { select: { title: true } }, approvalDecidedBy: { select: { name: true } } },
  });
  return rows.map((r) => ({
    documentId: r.documentId,
    documentTitle: r.document.title,
    versionNumber: r.versionNumber,
    clauseId: r.clauseId,
    clauseName: r.clauseName,
    outcome: r.outcome,
    fallbackIndex: r.fallbackIndex,
    approverRole: r.approverRole,
    approvalStatus: r.approvalStatus,
    decidedBy: r.approvalDecidedBy?.name ?? null,
    decidedAt: r.approvalDecidedAt?.toISOString() ?? null,
    onBehalf: r.approvalOnBehalf,
  }));
}
