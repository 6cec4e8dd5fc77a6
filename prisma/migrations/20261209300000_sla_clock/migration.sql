-- Issue 17 (c), ADR 041: the SLA clock is stored on the deliverable when it is first delivered
-- (turnaround v2: requested or created → first delivery, business days of the mandate's calendar,
-- waiting on the client excluded), and due-date moves are kept with their reasons.
ALTER TABLE "Deliverable" ADD COLUMN "turnaroundBusinessDays" INTEGER,
  ADD COLUMN "turnaroundDefinition" TEXT;

ALTER TABLE "KpiTurnaroundRollup" ADD COLUMN "measuredV1" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "DeliverableDueDateChange" (
    "id" TEXT NOT NULL,
    "deliverableId" TEXT NOT NULL,
    "fromDate" DATE,
    "toDate" DATE,
    "reason" TEXT NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeliverableDueDateChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "DeliverableDueDateChange_deliverableId_at_idx" ON "DeliverableDueDateChange"("deliverableId", "at");

ALTER TABLE "DeliverableDueDateChange" ADD CONSTRAINT "DeliverableDueDateChange_deliverableId_fkey" FOREIGN KEY ("deliverableId") REFERENCES "Deliverable"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DeliverableDueDateChange" ADD CONSTRAINT "DeliverableDueDateChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Deliverables already delivered keep the figure the old clock gave them (Mon–Fri UTC days from
-- the first IN_PROGRESS to the first delivery), marked v1: their requests, waits and calendars
-- were never recorded, so v2 cannot be computed for them. Done before the triggers below watch
-- these columns, so the rollups do not move here; they are rebuilt at the end.
UPDATE "Deliverable" SET "turnaroundBusinessDays" = kpi_business_days("startedAt", "firstDeliveredAt"), "turnaroundDefinition" = 'v1'
WHERE "startedAt" IS NOT NULL AND "firstDeliveredAt" IS NOT NULL AND "firstDeliveredAt" >= "startedAt";

-- Turnaround reads the stored figure: one definition, computed once by server/sla/turnaround.ts.
-- The part gains a column (how many were measured under v1), so it is dropped and created again.
DROP FUNCTION kpi_turnaround_part("Deliverable", "Mandate");
CREATE FUNCTION kpi_turnaround_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, deliverable_type text,
  measured int, sum_days int, with_sla int, sum_sla int, within_sla int, measured_v1 int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."firstDeliveredAt")::date, d."type",
    1, d."turnaroundBusinessDays", (t.sla IS NOT NULL)::int, coalesce(t.sla, 0), coalesce(d."turnaroundBusinessDays" <= t.sla, false)::int,
    (d."turnaroundDefinition" = 'v1')::int
  FROM (SELECT (
      SELECT (l->>'turnaroundBusinessDays')::int
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(m."serviceLevels") = 'array' THEN m."serviceLevels" ELSE '[]'::jsonb END) WITH ORDINALITY AS x(l, i)
      WHERE jsonb_typeof(l->'deliverableType') = 'string' AND jsonb_typeof(l->'turnaroundBusinessDays') = 'number'
        AND lower(l->>'deliverableType') = lower(d."type")
      ORDER BY i LIMIT 1
    ) AS sla) t
  WHERE d."firstDeliveredAt" IS NOT NULL AND d."turnaroundBusinessDays" IS NOT NULL
$$;

-- As in 20261209100000_time_entries_and_rate_cards (the margin from costMinor), the turnaround upsert adding measuredV1.
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
    "measured", "sumDays", "withSla", "sumSla", "withinSla", "measuredV1")
  SELECT p.provider, p.client, p.month, p.deliverable_type,
    sign * sum(p.measured), sign * sum(p.sum_days), sign * sum(p.with_sla), sign * sum(p.sum_sla), sign * sum(p.within_sla), sign * sum(p.measured_v1)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_turnaround_part(d, m) p
  GROUP BY p.provider, p.client, p.month, p.deliverable_type
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month", "deliverableType") DO UPDATE
  SET "measured" = r."measured" + excluded."measured", "sumDays" = r."sumDays" + excluded."sumDays",
    "withSla" = r."withSla" + excluded."withSla", "sumSla" = r."sumSla" + excluded."sumSla", "withinSla" = r."withinSla" + excluded."withinSla",
    "measuredV1" = r."measuredV1" + excluded."measuredV1";
END $$;

-- As in 20261209100000_time_entries_and_rate_cards, also watching the stored turnaround.
CREATE OR REPLACE FUNCTION kpi_deliverables_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
BEGIN
  changed := ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."mandateId", o."type", o."dueDate", o."baselineDueDate", o."feeMinor", o."costMinor", o."startedAt", o."firstDeliveredAt", o."finalDeliveredAt",
        o."turnaroundBusinessDays", o."turnaroundDefinition")
      IS DISTINCT FROM (n."mandateId", n."type", n."dueDate", n."baselineDueDate", n."feeMinor", n."costMinor", n."startedAt", n."firstDeliveredAt", n."finalDeliveredAt",
        n."turnaroundBusinessDays", n."turnaroundDefinition"));
  IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  PERFORM kpi_rollup_apply(ARRAY(SELECT o::"Deliverable" FROM old_rows o WHERE o."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM old_rows WHERE "id" = ANY(changed))), -1);
  PERFORM kpi_rollup_apply(ARRAY(SELECT n::"Deliverable" FROM new_rows n WHERE n."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM new_rows WHERE "id" = ANY(changed))), 1);
  RETURN NULL;
END $$;

-- The turnaround rollup from the stored figures, once (the same sums for v1 rows, now counted as such).
DELETE FROM "KpiTurnaroundRollup";
INSERT INTO "KpiTurnaroundRollup" ("providerOrganizationId", "clientOrganizationId", "month", "deliverableType",
  "measured", "sumDays", "withSla", "sumSla", "withinSla", "measuredV1")
SELECT p.provider, p.client, p.month, p.deliverable_type, sum(p.measured), sum(p.sum_days), sum(p.with_sla), sum(p.sum_sla), sum(p.within_sla), sum(p.measured_v1)
FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId", LATERAL kpi_turnaround_part(d, m) p
GROUP BY p.provider, p.client, p.month, p.deliverable_type;

-- The old clock's functions served v1 only: its figures are stored now.
DROP FUNCTION kpi_business_days(timestamp, timestamp);
DROP FUNCTION kpi_weekdays_through(int);
