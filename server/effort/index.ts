import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { forbidden, notFound } from "../errors.ts";
import { mandateResource } from "../mandates/policy.ts";
import { parseInput } from "../validation.ts";
import { estimateMandate } from "./estimate.ts";
import { createRateCardCommands } from "./rate-cards.ts";
import { IdSchema } from "./schema.ts";
import { createTimeEntryCommands, timeResource } from "./time-entries.ts";

/**
 * Effort and rate cards (issue 17; docs/decisions/039-time-entries-and-rate-cards.md): time
 * entries per deliverable, the provider's rate cards by role, the cost they make, the estimate
 * at completion and the loss warning. Never a client's to see.
 */
export function createEffortService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const entries = createTimeEntryCommands({ db, now });
  return {
    ...entries,
    ...createRateCardCommands({ db, now }),

    /** A deliverable's time sheet: its entries, the figures made of them and its loss warning. */
    async timeSheet(viewer: Viewer, deliverableId: unknown) {
      const { deliverable, entries: rows } = await entries.listTimeEntries(viewer, deliverableId);
      const mandate = await db.mandate.findUniqueOrThrow({ where: { id: deliverable.mandate.id }, select: { id: true, providerOrganizationId: true, currency: true, pricingModel: true, budgetMinor: true } });
      return { deliverable, entries: rows, estimate: await estimateMandate(db, mandate) };
    },

    /** The mandate's estimate at completion: 404 when the viewer may not read the mandate, 403 for a client. */
    async estimate(viewer: Viewer, mandateId: unknown) {
      const id = parseInput(IdSchema, mandateId);
      const mandate = await db.mandate.findUnique({
        where: { id },
        select: { id: true, providerOrganizationId: true, clientOrganizationId: true, projectManagerId: true, currency: true, pricingModel: true, budgetMinor: true, members: { select: { userId: true } } },
      });
      if (!mandate || !can(viewer, "read", mandateResource(mandate))) throw notFound("mandate");
      if (!can(viewer, "read", timeResource(mandate, null))) throw forbidden("Effort, costs and margin are the provider's.");
      return estimateMandate(db, mandate);
    },
  };
}
export type EffortService = ReturnType<typeof createEffortService>;
export { presentEstimate, presentRateCard, presentTimeEntry, presentTimeSheet } from "./presenter.ts";
