-- CreateEnum
CREATE TYPE "DeliveryItemRole" AS ENUM ('DELIVERED', 'IN_FORCE', 'TEMPLATE');

-- AlterTable
ALTER TABLE "Deliverable" ADD COLUMN     "baselineDueDate" DATE;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "deliveryLockedAt" TIMESTAMP(3);

-- AlterTable
-- IF NOT EXISTS: the review snapshot (ADR 018) adds the same column.
ALTER TABLE "DocumentVersion" ADD COLUMN IF NOT EXISTS "contentHash" TEXT;

-- AlterTable
ALTER TABLE "ResourceLink" ADD COLUMN     "generatedFromVersionId" TEXT;

-- CreateTable
CREATE TABLE "DeliveryRecord" (
    "id" TEXT NOT NULL,
    "deliverableId" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "deliveredAt" TIMESTAMP(3) NOT NULL,
    "deliveredById" TEXT NOT NULL,
    "deliveredByName" TEXT NOT NULL,

    CONSTRAINT "DeliveryRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryRecordItem" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "role" "DeliveryItemRole" NOT NULL,
    "position" INTEGER NOT NULL,
    "documentId" TEXT NOT NULL,
    "documentTitle" TEXT NOT NULL,
    "documentKind" "DocumentKind" NOT NULL,
    "versionId" TEXT,
    "versionNumber" INTEGER,
    "contentHash" TEXT,
    "effectiveAt" TIMESTAMP(3),
    "generatedFromVersionId" TEXT,

    CONSTRAINT "DeliveryRecordItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeliveryRecord_mandateId_idx" ON "DeliveryRecord"("mandateId");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryRecord_deliverableId_sequence_key" ON "DeliveryRecord"("deliverableId", "sequence");

-- CreateIndex
CREATE INDEX "DeliveryRecordItem_versionId_idx" ON "DeliveryRecordItem"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryRecordItem_recordId_position_key" ON "DeliveryRecordItem"("recordId", "position");

-- AddForeignKey
ALTER TABLE "DeliveryRecord" ADD CONSTRAINT "DeliveryRecord_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryRecordItem" ADD CONSTRAINT "DeliveryRecordItem_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "DeliveryRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The baseline of deliverables that exist already is their due date today.
UPDATE "Deliverable" SET "baselineDueDate" = "dueDate" WHERE "dueDate" IS NOT NULL;

-- A delivery record is immutable (ADR 020): UPDATE and DELETE are refused, whoever asks. The
-- retention purge, once the retention period is over, sets precedent.purge_delivery_records to
-- 'on' for its own transaction (SET LOCAL); nothing else may.
CREATE FUNCTION "delivery_record_immutable"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('precedent.purge_delivery_records', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'delivery records are immutable (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "DeliveryRecord_immutable" BEFORE UPDATE OR DELETE ON "DeliveryRecord"
  FOR EACH ROW EXECUTE FUNCTION "delivery_record_immutable"();
CREATE TRIGGER "DeliveryRecordItem_immutable" BEFORE UPDATE OR DELETE ON "DeliveryRecordItem"
  FOR EACH ROW EXECUTE FUNCTION "delivery_record_immutable"();

-- On time is judged against the baseline due date (ADR 020): a due date moved after delivery,
-- with its reason, changes what the deliverable shows, not whether it was delivered on time.
-- The backfill above made both equal, so the rollups built so far stay exact.
CREATE OR REPLACE FUNCTION kpi_month_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, delivered int, judged int, on_time int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."finalDeliveredAt")::date, 1,
    (coalesce(d."baselineDueDate", d."dueDate") IS NOT NULL)::int,
    (coalesce(d."baselineDueDate", d."dueDate") IS NOT NULL AND d."finalDeliveredAt"::date <= coalesce(d."baselineDueDate", d."dueDate"))::int
  WHERE d."finalDeliveredAt" IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION kpi_deliverables_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
BEGIN
  changed := ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."mandateId", o."type", o."dueDate", o."baselineDueDate", o."feeMinor", o."effortMinutes", o."startedAt", o."firstDeliveredAt", o."finalDeliveredAt")
      IS DISTINCT FROM (n."mandateId", n."type", n."dueDate", n."baselineDueDate", n."feeMinor", n."effortMinutes", n."startedAt", n."firstDeliveredAt", n."finalDeliveredAt"));
  IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  PERFORM kpi_rollup_apply(ARRAY(SELECT o::"Deliverable" FROM old_rows o WHERE o."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM old_rows WHERE "id" = ANY(changed))), -1);
  PERFORM kpi_rollup_apply(ARRAY(SELECT n::"Deliverable" FROM new_rows n WHERE n."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM new_rows WHERE "id" = ANY(changed))), 1);
  RETURN NULL;
END $$;
