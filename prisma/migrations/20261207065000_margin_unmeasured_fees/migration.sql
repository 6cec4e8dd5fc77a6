-- AlterTable
ALTER TABLE "KpiMarginRollup" ADD COLUMN     "unmeasuredFeesMinor" BIGINT NOT NULL DEFAULT 0;

-- A delivered deliverable's fee is known without any effort (issue 14): the margin rollup keeps
-- the unmeasured ones' fees beside the measured ones', so the dashboard shows every fee and takes
-- the margin over the measured ones only (server/kpis/portfolio-kpis.ts computeMarginByPricingModel).
-- The part gains a column, so it is dropped and created again (its callers name columns).
DROP FUNCTION kpi_margin_part("Deliverable", "Mandate");
CREATE FUNCTION kpi_margin_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, pricing_model "PricingModel", currency text,
  delivered int, measured int, fees bigint, minute_cost bigint, unmeasured int, unmeasured_fees bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."finalDeliveredAt")::date,
    m."pricingModel", m."currency", 1, k.known::int,
    CASE WHEN k.known THEN d."feeMinor" ELSE 0 END,
    CASE WHEN k.known THEN d."effortMinutes"::bigint * m."costRateMinor" ELSE 0 END,
    (NOT k.known)::int,
    CASE WHEN k.known THEN 0 ELSE d."feeMinor" END
  FROM (SELECT m."costRateMinor" IS NOT NULL AND d."effortMinutes" IS NOT NULL AS known) k
  WHERE d."finalDeliveredAt" IS NOT NULL
$$;

-- As in 20261127131356_kpi_rollups, the margin upsert adding the unmeasured fees.
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
    "delivered", "measured", "feesMinor", "minuteCostMinor", "unmeasured", "unmeasuredFeesMinor")
  SELECT p.provider, p.client, p.month, p.pricing_model, p.currency,
    sign * sum(p.delivered), sign * sum(p.measured), sign * sum(p.fees), sign * sum(p.minute_cost), sign * sum(p.unmeasured),
    sign * sum(p.unmeasured_fees)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_margin_part(d, m) p
  GROUP BY p.provider, p.client, p.month, p.pricing_model, p.currency
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month", "pricingModel", "currency") DO UPDATE
  SET "delivered" = r."delivered" + excluded."delivered", "measured" = r."measured" + excluded."measured",
    "feesMinor" = r."feesMinor" + excluded."feesMinor", "minuteCostMinor" = r."minuteCostMinor" + excluded."minuteCostMinor",
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

-- The existing deliverables' unmeasured fees, once.
UPDATE "KpiMarginRollup" r SET "unmeasuredFeesMinor" = s.unmeasured_fees
FROM (
  SELECT p.provider, p.client, p.month, p.pricing_model, p.currency, sum(p.unmeasured_fees) AS unmeasured_fees
  FROM "Deliverable" d JOIN "Mandate" m ON m."id" = d."mandateId", LATERAL kpi_margin_part(d, m) p
  GROUP BY p.provider, p.client, p.month, p.pricing_model, p.currency
) s
WHERE r."providerOrganizationId" = s.provider AND r."clientOrganizationId" = s.client AND r."month" = s.month
  AND r."pricingModel" = s.pricing_model AND r."currency" = s.currency;
