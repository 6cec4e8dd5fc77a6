-- CreateTable
CREATE TABLE "SearchOutbox" (
    "documentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMP(3),

    CONSTRAINT "SearchOutbox_pkey" PRIMARY KEY ("documentId")
);

-- CreateTable
CREATE TABLE "SearchRebuildLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SearchRebuildLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "SearchOutbox_requestedAt_idx" ON "SearchOutbox"("requestedAt");
