-- AlterTable
ALTER TABLE "Deliverable" ADD COLUMN     "finalDeliveredAt" TIMESTAMP(3),
ADD COLUMN     "firstDeliveredAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Deliverable_finalDeliveredAt_idx" ON "Deliverable"("finalDeliveredAt");

-- CreateIndex
CREATE INDEX "Deliverable_firstDeliveredAt_idx" ON "Deliverable"("firstDeliveredAt");

-- Backfill from the status history, exactly as server/kpis/delivery.ts reads it: the first
-- IN_PROGRESS (startedAt, recomputed so the column and the history cannot disagree), the first
-- DELIVERED, and, for a deliverable DELIVERED or ACCEPTED now, the last DELIVERED else the last
-- ACCEPTED. From here on the mandates service keeps them in the status change's transaction.
UPDATE "Deliverable" d
SET "startedAt" = h.started,
    "firstDeliveredAt" = h.first_delivered,
    "finalDeliveredAt" = CASE WHEN d."status" IN ('DELIVERED', 'ACCEPTED') THEN coalesce(h.last_delivered, h.last_accepted) END
FROM (
  SELECT "deliverableId",
    min("at") FILTER (WHERE "toStatus" = 'IN_PROGRESS') AS started,
    min("at") FILTER (WHERE "toStatus" = 'DELIVERED') AS first_delivered,
    max("at") FILTER (WHERE "toStatus" = 'DELIVERED') AS last_delivered,
    max("at") FILTER (WHERE "toStatus" = 'ACCEPTED') AS last_accepted
  FROM "DeliverableStatusChange"
  GROUP BY "deliverableId"
) h
WHERE h."deliverableId" = d."id";
