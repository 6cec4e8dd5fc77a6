-- Time entries and rate cards (issue 17; docs/decisions/039-time-entries-and-rate-cards.md).

-- AlterTable
ALTER TABLE "Deliverable" ADD COLUMN     "costMinor" BIGINT,
ADD COLUMN     "unratedMinutes" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RateCard" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "roleKey" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "hourlyRateMinor" BIGINT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimeEntry" (
    "id" TEXT NOT NULL,
    "deliverableId" TEXT NOT NULL,
    "mandateId" TEXT NOT NULL,
    "userId" TEXT,
    "date" DATE NOT NULL,
    "minutes" INTEGER NOT NULL,
    "taskCode" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "role" TEXT,
    "hourlyRateMinor" BIGINT,
    "rateCardId" TEXT,
    "costMinor" BIGINT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TimeEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RateCard_organizationId_roleKey_currency_validFrom_idx" ON "RateCard"("organizationId", "roleKey", "currency", "validFrom");

-- CreateIndex
CREATE INDEX "TimeEntry_deliverableId_date_idx" ON "TimeEntry"("deliverableId", "date");

-- CreateIndex
CREATE INDEX "TimeEntry_userId_date_idx" ON "TimeEntry"("userId", "date");

-- CreateIndex
CREATE INDEX "TimeEntry_mandateId_idx" ON "TimeEntry"("mandateId");

-- CreateIndex
CREATE INDEX "TimeEntry_rateCardId_idx" ON "TimeEntry"("rateCardId");

-- AddForeignKey
ALTER TABLE "RateCard" ADD CONSTRAINT "RateCard_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_rateCardId_fkey" FOREIGN KEY ("rateCardId") REFERENCES "RateCard"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Effort typed on a deliverable before time entries becomes one entry of it (ADR 039): by its
-- owner (else the PM, else its creator), on the day of its delivery that counts (else its
-- latest delivery, start or creation), task "other", priced at the mandate's blended rate —
-- so every margin measured before stays as it was, to the rounding of one minor unit. Effort
-- of 0 minutes (no time) becomes no effort: a deliverable without time is not measured.
INSERT INTO "TimeEntry" ("id", "deliverableId", "mandateId", "userId", "date", "minutes", "taskCode", "note",
  "hourlyRateMinor", "costMinor", "createdAt", "updatedAt")
SELECT 'migrated-' || d."id", d."id", d."mandateId", coalesce(d."ownerId", m."projectManagerId", d."createdById"),
  coalesce(d."finalDeliveredAt", d."deliveredAt", d."startedAt", d."createdAt")::date, d."effortMinutes", 'other',
  'Effort recorded on the deliverable before time entries.', m."costRateMinor",
  CASE WHEN m."costRateMinor" IS NOT NULL THEN (d."effortMinutes"::bigint * m."costRateMinor" + 30) / 60 END,
  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId"
WHERE d."effortMinutes" > 0;

UPDATE "Deliverable" SET "effortMinutes" = NULL WHERE "effortMinutes" = 0;
UPDATE "Deliverable" d SET "costMinor" = e."costMinor", "unratedMinutes" = CASE WHEN e."costMinor" IS NULL THEN e."minutes" ELSE 0 END
FROM "TimeEntry" e WHERE e."deliverableId" = d."id";

-- The margin reads the deliverable's cost, not effort × the mandate's rate: the rollup keeps
-- cost itself (no more minutes × rate divided by 60 when shown).
ALTER TABLE "KpiMarginRollup" RENAME COLUMN "minuteCostMinor" TO "costMinor";

DROP FUNCTION kpi_margin_part("Deliverable", "Mandate");
CREATE FUNCTION kpi_margin_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, pricing_model "PricingModel", currency text,
  delivered int, measured int, fees bigint, cost bigint, unmeasured int, unmeasured_fees bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."finalDeliveredAt")::date,
    m."pricingModel", m."currency", 1, k.known::int,
    CASE WHEN k.known THEN d."feeMinor" ELSE 0 END,
    CASE WHEN k.known THEN d."costMinor" ELSE 0 END,
    (NOT k.known)::int,
    CASE WHEN k.known THEN 0 ELSE d."feeMinor" END
  FROM (SELECT d."costMinor" IS NOT NULL AS known) k
  WHERE d."finalDeliveredAt" IS NOT NULL
$$;

-- As in 20261207065000_margin_unmeasured_fees, with the cost column.
CREATE OR REPLACE FUNCTION kpi_rollup_apply(deliverables "Deliverable"[], mandates "Mandate"[], sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(deliverables) = 0 THEN RETURN; END IF;
  INSERT INTO "KpiMonthRollup" AS r ("providerOrganizationId", "clientOrganizationId", "month", "delivered", "judged", "onTime")
  SELECT p.provider, p.client, p.month, sign * sum(p.delivered), sign * sum(p.judged), sign * sum(p.on_time)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_month_part(d, m) p
  GROUP BY p.provider, p.client, p.month
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month") DO UPDATE
  SET "delivered" = r."delivered" + excluded."delivered", "judged" = r."judged" + excluded."judged", "onTime" = r."onTime" + excluded."onTime";

  INSERT INTO "KpiMarginRollup" AS r ("providerOrganizationId", "clientOrganizationId", "month", "pricingModel", "currency",
    "delivered", "measured", "feesMinor", "costMinor", "unmeasured", "unmeasuredFeesMinor")
  SELECT p.provider, p.client, p.month, p.pricing_model, p.currency,
    sign * sum(p.delivered), sign * sum(p.measured), sign * sum(p.fees), sign * sum(p.cost), sign * sum(p.unmeasured),
    sign * sum(p.unmeasured_fees)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_margin_part(d, m) p
  GROUP BY p.provider, p.client, p.month, p.pricing_model, p.currency
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month", "pricingModel", "currency") DO UPDATE
  SET "delivered" = r."delivered" + excluded."delivered", "measured" = r."measured" + excluded."measured",
    "feesMinor" = r."feesMinor" + excluded."feesMinor", "costMinor" = r."costMinor" + excluded."costMinor",
    "unmeasured" = r."unmeasured" + excluded."unmeasured", "unmeasuredFeesMinor" = r."unmeasuredFeesMinor" + excluded."unmeasuredFeesMinor";

  INSERT INTO "KpiTurnaroundRollup" AS r ("providerOrganizationId", "clientOrganizationId", "month", "deliverableType",
    "measured", "sumDays", "withSla", "sumSla", "withinSla")
  SELECT p.provider, p.client, p.month, p.deliverable_type,
    sign * sum(p.measured), sign * sum(p.sum_days), sign * sum(p.with_sla), sign * sum(p.sum_sla), sign * sum(p.within_sla)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_turnaround_part(d, m) p
  GROUP BY p.provider, p.client, p.month, p.deliverable_type
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month", "deliverableType") DO UPDATE
  SET "measured" = r."measured" + excluded."measured", "sumDays" = r."sumDays" + excluded."sumDays",
    "withSla" = r."withSla" + excluded."withSla", "sumSla" = r."sumSla" + excluded."sumSla", "withinSla" = r."withinSla" + excluded."withinSla";
END $$;

-- As in 20261206205052_delivery_record, with the cost among the KPI columns.
CREATE OR REPLACE FUNCTION kpi_deliverables_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
BEGIN
  changed := ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."mandateId", o."type", o."dueDate", o."baselineDueDate", o."feeMinor", o."costMinor", o."startedAt", o."firstDeliveredAt", o."finalDeliveredAt")
      IS DISTINCT FROM (n."mandateId", n."type", n."dueDate", n."baselineDueDate", n."feeMinor", n."costMinor", n."startedAt", n."firstDeliveredAt", n."finalDeliveredAt"));
  IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  PERFORM kpi_rollup_apply(ARRAY(SELECT o::"Deliverable" FROM old_rows o WHERE o."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM old_rows WHERE "id" = ANY(changed))), -1);
  PERFORM kpi_rollup_apply(ARRAY(SELECT n::"Deliverable" FROM new_rows n WHERE n."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM new_rows WHERE "id" = ANY(changed))), 1);
  RETURN NULL;
END $$;

-- As in 20261127131356_kpi_rollups, without the blended cost rate (gone below).
CREATE OR REPLACE FUNCTION kpi_mandates_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
BEGIN
  changed := ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."providerOrganizationId", o."clientOrganizationId", o."pricingModel", o."currency", o."serviceLevels")
      IS DISTINCT FROM (n."providerOrganizationId", n."clientOrganizationId", n."pricingModel", n."currency", n."serviceLevels"));
  IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  PERFORM kpi_rollup_apply(ARRAY(SELECT d FROM "Deliverable" d WHERE d."mandateId" = ANY(changed)),
    ARRAY(SELECT o::"Mandate" FROM old_rows o WHERE o."id" = ANY(changed)), -1);
  PERFORM kpi_rollup_apply(ARRAY(SELECT d FROM "Deliverable" d WHERE d."mandateId" = ANY(changed)),
    ARRAY(SELECT n::"Mandate" FROM new_rows n WHERE n."id" = ANY(changed)), 1);
  RETURN NULL;
END $$;

-- Rate cards replace the mandate's blended rate (its effect is kept on the migrated entries).
ALTER TABLE "Mandate" DROP COLUMN "costRateMinor";

-- The margin rollup again from the deliverables, now that its cost is theirs.
DELETE FROM "KpiMarginRollup";
INSERT INTO "KpiMarginRollup" ("providerOrganizationId", "clientOrganizationId", "month", "pricingModel", "currency",
  "delivered", "measured", "feesMinor", "costMinor", "unmeasured", "unmeasuredFeesMinor")
SELECT p.provider, p.client, p.month, p.pricing_model, p.currency,
  sum(p.delivered), sum(p.measured), sum(p.fees), sum(p.cost), sum(p.unmeasured), sum(p.unmeasured_fees)
FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId", LATERAL kpi_margin_part(d, m) p
GROUP BY p.provider, p.client, p.month, p.pricing_model, p.currency;
