// Due dates and fees that the SLA is judged by (ADR 041): a due date moved after the deliverable
// was created needs a reason, kept in a log beside the baseline; once delivered, neither the due
// date nor the fee moves at all — a change after delivery is the change-request flow's, not an edit.
import type { Prisma } from "../db/generated/client.ts";
import { AppError, conflict } from "../errors.ts";
import { dayKey } from "../mandates/rows.ts";
import { isOnRecord } from "../mandates/transitions.ts";

export const dueDateReasonRequired = () =>
  new AppError(400, "reason_required", "Say why the due date moves: the reason is kept with the deliverable.", {
    issues: [{ path: "reason", message: "Give the reason for moving the due date." }],
  });

/** A due-date move to log, or null. Throws 409 for due date or fee changes of delivered work, 400 for a move without a reason. */
export function planTermsChange(
  before: { dueDate: Date | null; firstDeliveredAt: Date | null; finalDeliveredAt: Date | null },
  changedAfter: Record<string, unknown>,
  reason: string | undefined,
): { from: Date | null; to: Date | null; reason: string } | null {
  const locked = (["dueDate", "feeMinor"] as const).filter((k) => k in changedAfter);
  if (locked.length && isOnRecord(before)) {
    const error = conflict("delivered_terms_locked", "This deliverable was delivered: its due date and fee no longer change. Agree a change request with the client instead.");
    throw new AppError(error.status, error.code, error.message, { fields: locked });
  }
  if (!("dueDate" in changedAfter) || before.dueDate === null) return null;
  if (!reason) throw dueDateReasonRequired();
  const to = changedAfter.dueDate;
  return { from: before.dueDate, to: typeof to === "string" ? new Date(`${to}T00:00:00Z`) : null, reason };
}

export async function writeDueDateChange(tx: Prisma.TransactionClient, deliverableId: string, change: { from: Date | null; to: Date | null; reason: string }, actorId: string, at: Date) {
  await tx.deliverableDueDateChange.create({ data: { deliverableId, fromDate: change.from, toDate: change.to, reason: change.reason, actorId, at } });
  return { dueDateChange: { from: dayKey(change.from), to: dayKey(change.to), reason: change.reason } };
}
