-- CreateEnum
CREATE TYPE "Confidentiality" AS ENUM ('HOUSE', 'CLIENT_CONFIDENTIAL', 'PRIVILEGED');

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('PROJECT_MANAGER', 'MEMBER');

-- CreateEnum
CREATE TYPE "AccessKind" AS ENUM ('READ', 'EXPORT');

-- CreateEnum
CREATE TYPE "PromotionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "clientOrganizationId" TEXT,
ADD COLUMN     "confidentiality" "Confidentiality" NOT NULL DEFAULT 'HOUSE',
ADD COLUMN     "mandateId" TEXT,
ADD COLUMN     "promotedFromId" TEXT;

-- CreateTable
CREATE TABLE "MandateTeamPeriod" (
    "id" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "MandateTeamPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EthicalWall" (
    "id" TEXT NOT NULL,
    "providerOrganizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),
    "removedById" TEXT,
    "removalReason" TEXT,

    CONSTRAINT "EthicalWall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BreakGlassAccess" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "mandateId" TEXT,
    "documentId" TEXT,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BreakGlassAccess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessEvent" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "clientOrganizationId" TEXT NOT NULL,
    "documentId" TEXT,
    "mandateId" TEXT,
    "kind" "AccessKind" NOT NULL,
    "channel" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "onceKey" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrecedentPromotion" (
    "id" TEXT NOT NULL,
    "sourceDocumentId" TEXT NOT NULL,
    "requestedById" TEXT,
    "title" TEXT NOT NULL,
    "contentJson" JSONB NOT NULL,
    "terms" JSONB NOT NULL DEFAULT '[]',
    "status" "PromotionStatus" NOT NULL DEFAULT 'PENDING',
    "approverId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "comment" TEXT NOT NULL DEFAULT '',
    "resultDocumentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrecedentPromotion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MandateTeamPeriod_clientOrganizationId_startedAt_idx" ON "MandateTeamPeriod"("clientOrganizationId", "startedAt");

-- CreateIndex
CREATE INDEX "MandateTeamPeriod_mandateId_userId_idx" ON "MandateTeamPeriod"("mandateId", "userId");

-- CreateIndex
CREATE INDEX "MandateTeamPeriod_userId_endedAt_idx" ON "MandateTeamPeriod"("userId", "endedAt");

-- CreateIndex
CREATE INDEX "EthicalWall_userId_removedAt_idx" ON "EthicalWall"("userId", "removedAt");

-- CreateIndex
CREATE INDEX "EthicalWall_clientOrganizationId_removedAt_idx" ON "EthicalWall"("clientOrganizationId", "removedAt");

-- CreateIndex
CREATE INDEX "BreakGlassAccess_userId_expiresAt_idx" ON "BreakGlassAccess"("userId", "expiresAt");

-- CreateIndex
CREATE INDEX "BreakGlassAccess_clientOrganizationId_createdAt_idx" ON "BreakGlassAccess"("clientOrganizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccessEvent_onceKey_key" ON "AccessEvent"("onceKey");

-- CreateIndex
CREATE INDEX "AccessEvent_clientOrganizationId_at_idx" ON "AccessEvent"("clientOrganizationId", "at");

-- CreateIndex
CREATE INDEX "AccessEvent_userId_kind_hour_idx" ON "AccessEvent"("userId", "kind", "hour");

-- CreateIndex
CREATE INDEX "PrecedentPromotion_sourceDocumentId_idx" ON "PrecedentPromotion"("sourceDocumentId");

-- CreateIndex
CREATE INDEX "PrecedentPromotion_status_idx" ON "PrecedentPromotion"("status");

-- CreateIndex
CREATE INDEX "Document_clientOrganizationId_idx" ON "Document"("clientOrganizationId");

-- CreateIndex
CREATE INDEX "Document_mandateId_idx" ON "Document"("mandateId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_promotedFromId_fkey" FOREIGN KEY ("promotedFromId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MandateTeamPeriod" ADD CONSTRAINT "MandateTeamPeriod_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MandateTeamPeriod" ADD CONSTRAINT "MandateTeamPeriod_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MandateTeamPeriod" ADD CONSTRAINT "MandateTeamPeriod_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EthicalWall" ADD CONSTRAINT "EthicalWall_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EthicalWall" ADD CONSTRAINT "EthicalWall_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EthicalWall" ADD CONSTRAINT "EthicalWall_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EthicalWall" ADD CONSTRAINT "EthicalWall_removedById_fkey" FOREIGN KEY ("removedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BreakGlassAccess" ADD CONSTRAINT "BreakGlassAccess_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BreakGlassAccess" ADD CONSTRAINT "BreakGlassAccess_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrecedentPromotion" ADD CONSTRAINT "PrecedentPromotion_sourceDocumentId_fkey" FOREIGN KEY ("sourceDocumentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrecedentPromotion" ADD CONSTRAINT "PrecedentPromotion_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrecedentPromotion" ADD CONSTRAINT "PrecedentPromotion_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── Data: what exists becomes house knowledge or client material (ADR 013) ────────────────
-- A document generated for a deliverable (a template filled for it: tagged "generated" and
-- linked to the deliverable) is client material of that deliverable's mandate's client.
-- Everything else stays house knowledge (the column defaults: no client, HOUSE).
UPDATE "Document" AS d
SET "clientOrganizationId" = src."clientOrganizationId",
    "mandateId" = src."mandateId",
    "confidentiality" = 'CLIENT_CONFIDENTIAL'
FROM (
  SELECT DISTINCT ON (l."documentId") l."documentId", m."clientOrganizationId", m."id" AS "mandateId"
  FROM "ResourceLink" l
  JOIN "Mandate" m ON m."id" = l."mandateId"
  WHERE l."deliverableId" IS NOT NULL
  ORDER BY l."documentId", l."attachedAt" ASC
) AS src
WHERE d."id" = src."documentId" AND 'generated' = ANY (d."tags");

-- Client material is shared with its own client only.
DELETE FROM "DocumentShare" AS s
USING "Document" AS d
WHERE s."documentId" = d."id" AND d."clientOrganizationId" IS NOT NULL AND s."organizationId" <> d."clientOrganizationId";
UPDATE "Document" SET "visibility" = 'INTERNAL'
WHERE "clientOrganizationId" IS NOT NULL AND "visibility" = 'SHARED'
  AND NOT EXISTS (SELECT 1 FROM "DocumentShare" s WHERE s."documentId" = "Document"."id");

-- A client's material is never linked to another client's mandate.
DELETE FROM "ResourceLink" AS l
USING "Document" AS d, "Mandate" AS m
WHERE l."documentId" = d."id" AND l."mandateId" = m."id"
  AND d."clientOrganizationId" IS NOT NULL AND d."clientOrganizationId" <> m."clientOrganizationId";

-- Client material cannot sit in a house toolkit.
DELETE FROM "ToolkitItem" AS t
USING "Document" AS d
WHERE t."documentId" = d."id" AND d."clientOrganizationId" IS NOT NULL;

-- The teams as they stand today start the team history (the access report's "who could read").
INSERT INTO "MandateTeamPeriod" ("id", "mandateId", "clientOrganizationId", "userId", "role", "startedAt")
SELECT 'tp_pm_' || m."id", m."id", m."clientOrganizationId", m."projectManagerId", 'PROJECT_MANAGER', m."createdAt"
FROM "Mandate" m WHERE m."projectManagerId" IS NOT NULL;
INSERT INTO "MandateTeamPeriod" ("id", "mandateId", "clientOrganizationId", "userId", "role", "startedAt")
SELECT 'tp_mm_' || mm."mandateId" || '_' || mm."userId", mm."mandateId", m."clientOrganizationId", mm."userId", 'MEMBER', mm."addedAt"
FROM "MandateMember" mm JOIN "Mandate" m ON m."id" = mm."mandateId";
