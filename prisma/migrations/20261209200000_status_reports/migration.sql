-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'STATUS_REPORT_RELEASED';

-- CreateEnum
CREATE TYPE "MandateLogKind" AS ENUM ('RISK', 'ISSUE', 'DECISION');

-- CreateEnum
CREATE TYPE "MandateLogStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "StatusReportStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'RELEASED');

-- CreateEnum
CREATE TYPE "RagStatus" AS ENUM ('RED', 'AMBER', 'GREEN');

-- CreateTable
CREATE TABLE "MandateLogEntry" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "kind" "MandateLogKind" NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT,
    "status" "MandateLogStatus" NOT NULL DEFAULT 'OPEN',
    "raisedOn" DATE NOT NULL,
    "dueOn" DATE,
    "closedOn" DATE,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MandateLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusReport" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" "StatusReportStatus" NOT NULL DEFAULT 'DRAFT',
    "rag" "RagStatus",
    "ragReasons" TEXT NOT NULL DEFAULT '',
    "wentWell" TEXT NOT NULL DEFAULT '',
    "wentBadly" TEXT NOT NULL DEFAULT '',
    "nextSteps" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "submittedById" TEXT,
    "submittedAt" TIMESTAMP(3),
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "returnNote" TEXT NOT NULL DEFAULT '',
    "releasedById" TEXT,
    "releasedAt" TIMESTAMP(3),
    "snapshot" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatusReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MandateLogEntry_mandateId_raisedOn_idx" ON "MandateLogEntry"("mandateId", "raisedOn");

-- CreateIndex
CREATE UNIQUE INDEX "StatusReport_mandateId_period_key" ON "StatusReport"("mandateId", "period");

-- AddForeignKey
ALTER TABLE "MandateLogEntry" ADD CONSTRAINT "MandateLogEntry_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusReport" ADD CONSTRAINT "StatusReport_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
