-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "DocumentVersion_documentId_reason_effectiveAt_idx" ON "DocumentVersion"("documentId", "reason", "effectiveAt");

-- Data: a publication always has an effective date (its publication, when none was chosen).
UPDATE "DocumentVersion" SET "effectiveAt" = "createdAt" WHERE "reason" = 'PUBLISH' AND "effectiveAt" IS NULL;

-- Data: a document unpublished before this migration has publications but no live pointer; they
-- were withdrawn, at the document's last change at the latest.
UPDATE "DocumentVersion" v SET "withdrawnAt" = GREATEST(d."updatedAt", v."createdAt")
FROM "Document" d
WHERE v."documentId" = d."id" AND v."reason" = 'PUBLISH' AND d."publishedVersionId" IS NULL AND d."status" <> 'ARCHIVED';
