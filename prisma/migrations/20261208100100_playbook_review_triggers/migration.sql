-- CreateEnum
CREATE TYPE "ReviewTriggerKind" AS ENUM ('FALLBACK_SHARE_IN_QUARTER', 'RED_LINE_IN_MONTH');

-- CreateTable
CREATE TABLE "PlaybookReviewTrigger" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" "ReviewTriggerKind" NOT NULL,
    "clauseId" TEXT,
    "fallbackIndex" INTEGER,
    "shareNumerator" INTEGER,
    "shareDenominator" INTEGER,
    "minimumDeals" INTEGER NOT NULL DEFAULT 5,
    "minimumCount" INTEGER,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlaybookReviewTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaybookReviewFinding" (
    "id" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "clauseId" TEXT NOT NULL,
    "clauseName" TEXT NOT NULL,
    "fallbackIndex" INTEGER NOT NULL DEFAULT 0,
    "count" INTEGER NOT NULL,
    "deals" INTEGER NOT NULL,
    "sentence" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissedAt" TIMESTAMP(3),
    "dismissedById" TEXT,

    CONSTRAINT "PlaybookReviewFinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlaybookReviewTrigger_documentId_idx" ON "PlaybookReviewTrigger"("documentId");

-- CreateIndex
CREATE UNIQUE INDEX "PlaybookReviewFinding_triggerId_period_clauseId_fallbackInd_key" ON "PlaybookReviewFinding"("triggerId", "period", "clauseId", "fallbackIndex");

-- CreateIndex
CREATE INDEX "PlaybookReviewFinding_documentId_dismissedAt_idx" ON "PlaybookReviewFinding"("documentId", "dismissedAt");

-- AddForeignKey
ALTER TABLE "PlaybookReviewTrigger" ADD CONSTRAINT "PlaybookReviewTrigger_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaybookReviewFinding" ADD CONSTRAINT "PlaybookReviewFinding_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "PlaybookReviewTrigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
