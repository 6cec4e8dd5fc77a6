// The SLA's part in a deliverable's update (ADR 041), called by server/mandates/deliverables.ts:
// checked before anything is written, then written in the update's transaction.
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { DeliverableStatus } from "../mandates/transitions.ts";
import { planTermsChange, writeDueDateChange } from "./due-dates.ts";
import { turnaroundOnFirstDelivery } from "./turnaround.ts";
import { planWaitMove, writeWaitMove } from "./waits.ts";

type Before = {
  id: string;
  status: DeliverableStatus;
  dueDate: Date | null;
  requestedAt: Date | null;
  createdAt: Date;
  firstDeliveredAt: Date | null;
  finalDeliveredAt: Date | null;
  mandate: { providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null; timeZone: string; holidayCalendar: string };
};

/**
 * Refuses what the SLA does not allow (a delivered due date or fee, a move or wait without its
 * reason, a wait the viewer may not record, a late time out of bounds) and returns the writer of
 * the rest: the due-date log, the wait, the turnaround of a first delivery.
 */
export async function planSlaChanges(
  db: Db,
  viewer: Viewer,
  before: Before,
  input: { status?: DeliverableStatus; reason?: string; since?: Date; answeredAt?: Date },
  changedAfter: Record<string, unknown>,
  at: Date,
) {
  const dueDateChange = planTermsChange(before, changedAfter, input.reason);
  const wait = await planWaitMove(db, viewer, before, input, at);
  const delivering = input.status === "DELIVERED" && before.status !== "DELIVERED";
  return {
    /** Writes the log rows; returns the deliverable's extra columns and the audit event's extra fields. */
    async write(tx: Prisma.TransactionClient) {
      const audit: Record<string, Prisma.InputJsonValue> = {};
      if (dueDateChange) Object.assign(audit, await writeDueDateChange(tx, before.id, dueDateChange, viewer.id, at));
      if (wait) Object.assign(audit, await writeWaitMove(tx, before.id, wait, viewer.id));
      const data = delivering ? await turnaroundOnFirstDelivery(tx, before, before.mandate, at) : {};
      if ("turnaroundBusinessDays" in data) Object.assign(audit, { turnaround: { businessDays: data.turnaroundBusinessDays, definition: data.turnaroundDefinition } });
      return { data, audit };
    },
  };
}
