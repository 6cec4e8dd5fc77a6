-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "deletedById" TEXT;

-- AlterTable
ALTER TABLE "Mandate" ADD COLUMN     "closedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "LegalHold" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "mandateId" TEXT,
    "clientOrganizationId" TEXT,
    "reason" TEXT NOT NULL,
    "placedById" TEXT,
    "placedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liftedAt" TIMESTAMP(3),
    "liftedById" TEXT,
    "liftReason" TEXT,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LegalHold_mandateId_liftedAt_idx" ON "LegalHold"("mandateId", "liftedAt");

-- CreateIndex
CREATE INDEX "LegalHold_clientOrganizationId_liftedAt_idx" ON "LegalHold"("clientOrganizationId", "liftedAt");

-- CreateIndex
CREATE INDEX "LegalHold_organizationId_liftedAt_idx" ON "LegalHold"("organizationId", "liftedAt");

-- CreateIndex
CREATE INDEX "Document_deletedAt_idx" ON "Document"("deletedAt");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "Mandate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_clientOrganizationId_fkey" FOREIGN KEY ("clientOrganizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_placedById_fkey" FOREIGN KEY ("placedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_liftedById_fkey" FOREIGN KEY ("liftedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Mandates closed before this column existed: their last change is when they closed (a closed
-- mandate no longer changes), so retention counts from then.
UPDATE "Mandate" SET "closedAt" = "updatedAt" WHERE "status" IN ('COMPLETED', 'CANCELLED');

-- A hold is on a mandate or on a client organisation, never both nor neither. A trigger, not a
-- CHECK constraint: Prisma's schema describer cannot read CHECK constraints through our
-- PostgreSQL adapter (server/db/database.ts reads "char" columns as text), so drift checks fail.
CREATE FUNCTION "legal_hold_one_target"() RETURNS trigger AS $$
BEGIN
  IF (NEW."mandateId" IS NULL) = (NEW."clientOrganizationId" IS NULL) THEN
    RAISE EXCEPTION 'A legal hold is on a mandate or on a client organisation, never both nor neither.';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "LegalHold_one_target" BEFORE INSERT OR UPDATE ON "LegalHold"
  FOR EACH ROW EXECUTE FUNCTION "legal_hold_one_target"();
