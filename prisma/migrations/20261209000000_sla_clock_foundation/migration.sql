-- Issue 17's foundation: client requests and the waiting state in the deliverable machine, the
-- mandate's working calendar, and the spans that stop the SLA clock (ADR 041, 042).
ALTER TYPE "DeliverableStatus" ADD VALUE 'REQUESTED';
ALTER TYPE "DeliverableStatus" ADD VALUE 'DECLINED';
ALTER TYPE "DeliverableStatus" ADD VALUE 'WAITING_ON_CLIENT';

ALTER TABLE "Mandate" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
  ADD COLUMN "holidayCalendar" TEXT NOT NULL DEFAULT 'GB-ENG';

ALTER TABLE "Deliverable" ADD COLUMN "requestedAt" TIMESTAMP(3);

CREATE TABLE "DeliverableWait" (
    "id" TEXT NOT NULL,
    "deliverableId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "startedById" TEXT,
    "endedById" TEXT,
    CONSTRAINT "DeliverableWait_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "DeliverableWait_deliverableId_startedAt_idx" ON "DeliverableWait"("deliverableId", "startedAt");

ALTER TABLE "DeliverableWait" ADD CONSTRAINT "DeliverableWait_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;
