-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "ownerRole" TEXT,
ADD COLUMN     "reviewIntervalMonths" INTEGER,
ADD COLUMN     "slug" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Document_organizationId_slug_key" ON "Document"("organizationId", "slug");
