-- CreateEnum
CREATE TYPE "OutcomeKind" AS ENUM ('PREFERRED', 'FALLBACK', 'GREY_ZONE', 'RED_LINE', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "OutcomeApprovalStatus" AS ENUM ('PENDING', 'APPROVED', 'DECLINED');

-- CreateTable
CREATE TABLE "NegotiationOutcome" (
    "id" TEXT NOT NULL,
    "deliverableId" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "providerOrganizationId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "documentVersionId" TEXT,
    "versionNumber" INTEGER,
    "clauseId" TEXT NOT NULL,
    "clauseName" TEXT NOT NULL,
    "perspective" TEXT NOT NULL DEFAULT '',
    "outcome" "OutcomeKind" NOT NULL,
    "fallbackIndex" INTEGER,
    "counterparty" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "finalWording" TEXT NOT NULL DEFAULT '',
    "approverRole" TEXT,
    "approvalStatus" "OutcomeApprovalStatus",
    "approvalDecidedById" TEXT,
    "approvalDecidedAt" TIMESTAMP(3),
    "approvalReason" TEXT NOT NULL DEFAULT '',
    "recordedById" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NegotiationOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NegotiationOutcome_deliverableId_documentId_clauseId_key" ON "NegotiationOutcome"("deliverableId", "documentId", "clauseId");

-- CreateIndex
CREATE INDEX "NegotiationOutcome_documentId_recordedAt_idx" ON "NegotiationOutcome"("documentId", "recordedAt");

-- CreateIndex
CREATE INDEX "NegotiationOutcome_providerOrganizationId_recordedAt_idx" ON "NegotiationOutcome"("providerOrganizationId", "recordedAt");

-- CreateIndex
CREATE INDEX "NegotiationOutcome_approvalStatus_idx" ON "NegotiationOutcome"("approvalStatus");

-- AddForeignKey
ALTER TABLE "NegotiationOutcome" ADD CONSTRAINT "NegotiationOutcome_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegotiationOutcome" ADD CONSTRAINT "NegotiationOutcome_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegotiationOutcome" ADD CONSTRAINT "NegotiationOutcome_documentVersionId_fkey" FOREIGN KEY ("documentVersionId") REFERENCES "DocumentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegotiationOutcome" ADD CONSTRAINT "NegotiationOutcome_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegotiationOutcome" ADD CONSTRAINT "NegotiationOutcome_approvalDecidedById_fkey" FOREIGN KEY ("approvalDecidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
