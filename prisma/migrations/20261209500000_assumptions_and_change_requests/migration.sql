-- Issue 17 (e): the engagement's assumptions on the mandate, the breaches found against them, and
-- change requests the client decides; an approved one moves the budget and target date, the
-- first one keeping the baseline (ADR 043).
ALTER TYPE "NotificationKind" ADD VALUE 'SCOPE_BREACH';
ALTER TYPE "NotificationKind" ADD VALUE 'CHANGE_REQUEST_SENT';
ALTER TYPE "NotificationKind" ADD VALUE 'CHANGE_REQUEST_DECIDED';

CREATE TYPE "AssumptionKind" AS ENUM ('VOLUME', 'RESPONSE_TIME', 'ROUNDS', 'OUT_OF_SCOPE');
CREATE TYPE "ChangeRequestStatus" AS ENUM ('DRAFT', 'SENT', 'APPROVED', 'DECLINED', 'WITHDRAWN');

ALTER TABLE "Mandate" ADD COLUMN "assumptions" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "baselineBudgetMinor" BIGINT,
  ADD COLUMN "baselineTargetDate" DATE;

CREATE TABLE "ScopeBreach" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "kind" "AssumptionKind" NOT NULL,
    "assumptionKey" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "counted" INTEGER NOT NULL,
    "limit" INTEGER NOT NULL,
    "evidence" JSONB NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScopeBreach_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ScopeBreach_mandateId_assumptionKey_subject_period_key" ON "ScopeBreach"("mandateId", "assumptionKey", "subject", "period");
CREATE INDEX "ScopeBreach_mandateId_detectedAt_idx" ON "ScopeBreach"("mandateId", "detectedAt");
ALTER TABLE "ScopeBreach" ADD CONSTRAINT "ScopeBreach_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "breachId" TEXT,
    "status" "ChangeRequestStatus" NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "scope" JSONB NOT NULL DEFAULT '[]',
    "budgetDeltaMinor" BIGINT NOT NULL DEFAULT 0,
    "newTargetDate" DATE,
    "declineReason" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "sentAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ChangeRequest_mandateId_status_idx" ON "ChangeRequest"("mandateId", "status");
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_breachId_fkey" FOREIGN KEY ("breachId") REFERENCES "ScopeBreach"("id") ON DELETE SET NULL ON UPDATE CASCADE;
