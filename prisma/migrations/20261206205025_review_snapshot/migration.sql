-- AlterEnum
ALTER TYPE "VersionReason" ADD VALUE 'REVIEW';

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "lawStatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN     "contentHash" TEXT;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "title" TEXT;

-- AlterTable
ALTER TABLE "ReviewAssignment" ADD COLUMN     "approvedVersionId" TEXT;

-- AlterTable
ALTER TABLE "ReviewRequest" ADD COLUMN     "versionId" TEXT;

-- CreateTable
CREATE TABLE "ApprovalPolicy" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "DocumentKind",
    "practiceArea" TEXT,
    "requiredApprovals" INTEGER,
    "ownerRoleRequired" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApprovalPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalPolicy_organizationId_idx" ON "ApprovalPolicy"("organizationId");

-- AddForeignKey
ALTER TABLE "ReviewRequest" ADD CONSTRAINT "ReviewRequest_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_approvedVersionId_fkey" FOREIGN KEY ("approvedVersionId") REFERENCES "DocumentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalPolicy" ADD CONSTRAINT "ApprovalPolicy_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Honest maintenance (ADR 018): a document counts as reviewed only through a publication that an
-- approved review (or an admin's reasoned override) produced. Direct publications (creation,
-- import) recorded their own time as the last review: those documents were never reviewed.
UPDATE "Document" d SET "lastReviewedAt" = NULL
WHERE NOT EXISTS (
  SELECT 1 FROM "DocumentVersion" v
  WHERE v."documentId" = d."id" AND v."reason" = 'PUBLISH'
    AND (v."reviewRequestId" IS NOT NULL
         OR (v."publishOverrideReason" IS NOT NULL AND v."publishOverrideReason" <> 'Published directly (created or imported as published), without a review.'))
);
UPDATE "Document" SET "lawStatedAt" = "lastReviewedAt" WHERE "lastReviewedAt" IS NOT NULL;
