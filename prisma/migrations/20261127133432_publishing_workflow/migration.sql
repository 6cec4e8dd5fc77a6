-- CreateEnum
CREATE TYPE "ReviewRequestStatus" AS ENUM ('OPEN', 'PUBLISHED', 'CHANGES_REQUESTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('APPROVED', 'CHANGES_REQUESTED');

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "lastReviewedAt" TIMESTAMP(3),
ADD COLUMN     "publishedVersionId" TEXT;

-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN     "effectiveAt" TIMESTAMP(3),
ADD COLUMN     "publishOverrideReason" TEXT,
ADD COLUMN     "reviewRequestId" TEXT;

-- CreateTable
CREATE TABLE "ReviewRequest" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "requestedById" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    "status" "ReviewRequestStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ReviewRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewAssignment" (
    "reviewRequestId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" "ReviewDecision",
    "comment" TEXT NOT NULL DEFAULT '',
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "ReviewAssignment_pkey" PRIMARY KEY ("reviewRequestId","reviewerId")
);

-- CreateIndex
CREATE INDEX "ReviewRequest_documentId_status_idx" ON "ReviewRequest"("documentId", "status");

-- CreateIndex
CREATE INDEX "ReviewAssignment_reviewerId_idx" ON "ReviewAssignment"("reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_publishedVersionId_key" ON "Document"("publishedVersionId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_publishedVersionId_fkey" FOREIGN KEY ("publishedVersionId") REFERENCES "DocumentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_reviewRequestId_fkey" FOREIGN KEY ("reviewRequestId") REFERENCES "ReviewRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewRequest" ADD CONSTRAINT "ReviewRequest_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewRequest" ADD CONSTRAINT "ReviewRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_reviewRequestId_fkey" FOREIGN KEY ("reviewRequestId") REFERENCES "ReviewRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill (ADR 012): a publication's effective date is its publication; a published document's
-- live version is its newest PUBLISH version, and its last review that publication (or, with no
-- such version, its last change). Earlier publications had no review: none is invented.
UPDATE "DocumentVersion" SET "effectiveAt" = "createdAt" WHERE "reason" = 'PUBLISH';

UPDATE "Document" d SET "publishedVersionId" = v."id", "lastReviewedAt" = v."createdAt"
FROM (
  SELECT DISTINCT ON ("documentId") "id", "documentId", "createdAt"
  FROM "DocumentVersion" WHERE "reason" = 'PUBLISH'
  ORDER BY "documentId", "number" DESC
) v
WHERE v."documentId" = d."id" AND d."status" IN ('PUBLISHED', 'ARCHIVED');

UPDATE "Document" SET "lastReviewedAt" = "updatedAt" WHERE "status" = 'PUBLISHED' AND "lastReviewedAt" IS NULL;
