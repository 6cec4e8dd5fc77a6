// Waiting on the client (ADR 041): the PM puts a deliverable into WAITING_ON_CLIENT with a reason
// the client reads, and takes it out when the client answers; each span is a DeliverableWait that
// the SLA clock leaves out. A wait recorded late carries its real start (or answer) time, within
// bounds the client can trust: not in the future, not before the deliverable's last move, at most
// WAIT_BACKDATE_MAX_DAYS back.
import { authorize } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, conflict, invalid } from "../errors.ts";
import { mandateResource } from "../mandates/policy.ts";
import type { DeliverableStatus } from "../mandates/transitions.ts";
import { WAIT_BACKDATE_MAX_DAYS } from "./schema.ts";

const DAY_MS = 86_400_000;

export const waitReasonRequired = () =>
  new AppError(400, "reason_required", "Say what the deliverable waits for: the client reads it.", {
    issues: [{ path: "reason", message: "Give the reason it waits on the client." }],
  });

/** What a move into or out of WAITING_ON_CLIENT writes: a wait opened or closed, at its effective time. */
export type WaitMove =
  | { kind: "start"; reason: string; effectiveAt: Date; recordedAt: Date }
  | { kind: "end"; effectiveAt: Date; recordedAt: Date };

/**
 * The wait a status move opens or closes, checked: only the mandate's PM and the provider's
 * admins (403), a reason to wait (400), an effective time within the bounds (400). Null when the
 * move does not touch waiting. A field sent with a move it does not belong to is a 400 too.
 */
export async function planWaitMove(
  db: Db,
  viewer: Viewer,
  before: { id: string; status: DeliverableStatus; mandate: { providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null } },
  input: { status?: DeliverableStatus; reason?: string; since?: Date; answeredAt?: Date },
  now: Date,
): Promise<WaitMove | null> {
  const moving = input.status !== undefined && input.status !== before.status;
  const starts = moving && input.status === "WAITING_ON_CLIENT";
  const ends = moving && before.status === "WAITING_ON_CLIENT";
  if (input.since && !starts) throw invalid([{ path: "since", message: "Send since only when the deliverable starts waiting on the client." }]);
  if (input.answeredAt && !ends) throw invalid([{ path: "answeredAt", message: "Send answeredAt only when the client answered a deliverable waiting on them." }]);
  if (!starts && !ends) return null;
  authorize(viewer, "waitOnClient", mandateResource(before.mandate));
  if (starts && !input.reason) throw waitReasonRequired();
  const path = starts ? "since" : "answeredAt";
  const effectiveAt = (starts ? input.since : input.answeredAt) ?? now;
  if (effectiveAt > now) throw invalid([{ path, message: "That time is in the future." }]);
  if (now.getTime() - effectiveAt.getTime() > WAIT_BACKDATE_MAX_DAYS * DAY_MS) {
    throw invalid([{ path, message: `Record a wait at most ${WAIT_BACKDATE_MAX_DAYS} days back.` }]);
  }
  const last = await db.deliverableStatusChange.findFirst({ where: { deliverableId: before.id }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { at: true } });
  if (last && effectiveAt < last.at) {
    throw invalid([{ path, message: `That is before the deliverable's last change of status (${last.at.toISOString()}).` }]);
  }
  return starts ? { kind: "start", reason: input.reason!, effectiveAt, recordedAt: now } : { kind: "end", effectiveAt, recordedAt: now };
}

/** Opens or closes the wait, in the status move's transaction; returns what the audit event keeps. */
export async function writeWaitMove(tx: Prisma.TransactionClient, deliverableId: string, move: WaitMove, actorId: string) {
  if (move.kind === "start") {
    const wait = await tx.deliverableWait.create({ data: { deliverableId, reason: move.reason, startedAt: move.effectiveAt, startedById: actorId } });
    return { waitId: wait.id, waitReason: move.reason, waitStartedAt: move.effectiveAt.toISOString(), recordedAt: move.recordedAt.toISOString() };
  }
  const open = await tx.deliverableWait.findFirst({ where: { deliverableId, endedAt: null }, orderBy: { startedAt: "desc" } });
  if (!open) throw conflict("not_waiting", "This deliverable has no open wait on the client.");
  // The status guard came first: an answer dated before its own wait began would be a negative span.
  if (move.effectiveAt < open.startedAt) {
    throw invalid([{ path: "answeredAt", message: `The client cannot answer before the wait began (${open.startedAt.toISOString()}).` }]);
  }
  await tx.deliverableWait.update({ where: { id: open.id }, data: { endedAt: move.effectiveAt, endedById: actorId } });
  return { waitId: open.id, waitEndedAt: move.effectiveAt.toISOString(), recordedAt: move.recordedAt.toISOString() };
}
