-- CreateEnum
CREATE TYPE "MandateStatus" AS ENUM ('PROPOSED', 'ACTIVE', 'ON_HOLD', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PricingModel" AS ENUM ('FIXED_PER_DELIVERABLE', 'FIXED_PER_PERIOD', 'CAPPED');

-- CreateEnum
CREATE TYPE "DeliverableStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'IN_REVIEW', 'DELIVERED', 'ACCEPTED', 'REJECTED');

-- CreateTable
CREATE TABLE "Mandate" (
    "id" TEXT NOT NULL,
    "providerOrganizationId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "projectManagerId" TEXT,
    "status" "MandateStatus" NOT NULL DEFAULT 'PROPOSED',
    "pricingModel" "PricingModel" NOT NULL,
    "currency" TEXT NOT NULL,
    "budgetMinor" BIGINT NOT NULL,
    "costRateMinor" BIGINT,
    "startDate" DATE NOT NULL,
    "targetDate" DATE,
    "serviceLevels" JSONB NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mandate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MandateMember" (
    "mandateId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MandateMember_pkey" PRIMARY KEY ("mandateId","userId")
);

-- CreateTable
CREATE TABLE "Deliverable" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT,
    "dueDate" DATE,
    "feeMinor" BIGINT NOT NULL DEFAULT 0,
    "status" "DeliverableStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "effortMinutes" INTEGER,
    "startedAt" TIMESTAMP(3),
    "reviewedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "rejectedAt" TIMESTAMP(3),
    "sourceDocumentId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deliverable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliverableStatusChange" (
    "id" TEXT NOT NULL,
    "deliverableId" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "fromStatus" "DeliverableStatus",
    "toStatus" "DeliverableStatus" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,

    CONSTRAINT "DeliverableStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceLink" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "deliverableId" TEXT,
    "documentId" TEXT NOT NULL,
    "documentVersionId" TEXT,
    "attachedById" TEXT,
    "attachedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "viaToolkitId" TEXT,

    CONSTRAINT "ResourceLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Mandate_providerOrganizationId_status_idx" ON "Mandate"("providerOrganizationId", "status");

-- CreateIndex
CREATE INDEX "Mandate_clientOrganizationId_status_idx" ON "Mandate"("clientOrganizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Mandate_providerOrganizationId_reference_key" ON "Mandate"("providerOrganizationId", "reference");

-- CreateIndex
CREATE INDEX "MandateMember_userId_idx" ON "MandateMember"("userId");

-- CreateIndex
CREATE INDEX "Deliverable_mandateId_status_idx" ON "Deliverable"("mandateId", "status");

-- CreateIndex
CREATE INDEX "Deliverable_status_deliveredAt_idx" ON "Deliverable"("status", "deliveredAt");

-- CreateIndex
CREATE INDEX "Deliverable_dueDate_idx" ON "Deliverable"("dueDate");

-- CreateIndex
CREATE INDEX "DeliverableStatusChange_deliverableId_at_idx" ON "DeliverableStatusChange"("deliverableId", "at");

-- CreateIndex
CREATE INDEX "DeliverableStatusChange_mandateId_at_idx" ON "DeliverableStatusChange"("mandateId", "at");

-- CreateIndex
CREATE INDEX "DeliverableStatusChange_toStatus_at_idx" ON "DeliverableStatusChange"("toStatus", "at");

-- CreateIndex
CREATE INDEX "ResourceLink_mandateId_idx" ON "ResourceLink"("mandateId");

-- CreateIndex
CREATE INDEX "ResourceLink_deliverableId_idx" ON "ResourceLink"("deliverableId");

-- CreateIndex
CREATE INDEX "ResourceLink_documentId_idx" ON "ResourceLink"("documentId");

-- AddForeignKey
ALTER TABLE "Mandate" ADD CONSTRAINT "Mandate_providerOrganizationId_fkey" FOREIGN KEY ("providerOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mandate" ADD CONSTRAINT "Mandate_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mandate" ADD CONSTRAINT "Mandate_projectManagerId_fkey" FOREIGN KEY ("projectManagerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mandate" ADD CONSTRAINT "Mandate_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MandateMember" ADD CONSTRAINT "MandateMember_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MandateMember" ADD CONSTRAINT "MandateMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deliverable" ADD CONSTRAINT "Deliverable_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deliverable" ADD CONSTRAINT "Deliverable_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deliverable" ADD CONSTRAINT "Deliverable_sourceDocumentId_fkey" FOREIGN KEY ("sourceDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliverableStatusChange" ADD CONSTRAINT "DeliverableStatusChange_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliverableStatusChange" ADD CONSTRAINT "DeliverableStatusChange_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliverableStatusChange" ADD CONSTRAINT "DeliverableStatusChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_documentVersionId_fkey" FOREIGN KEY ("documentVersionId") REFERENCES "DocumentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_attachedById_fkey" FOREIGN KEY ("attachedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_viaToolkitId_fkey" FOREIGN KEY ("viaToolkitId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;
