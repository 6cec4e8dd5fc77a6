-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "compactedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "QuarantinedUpdate" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "updateId" BIGINT NOT NULL,
    "data" BYTEA NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "error" TEXT NOT NULL,
    "quarantinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarantinedUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QuarantinedUpdate_documentId_quarantinedAt_idx" ON "QuarantinedUpdate"("documentId", "quarantinedAt");

-- AddForeignKey
ALTER TABLE "QuarantinedUpdate" ADD CONSTRAINT "QuarantinedUpdate_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
