-- CreateTable
CREATE TABLE "KpiMonthRollup" (
    "providerOrganizationId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "judged" INTEGER NOT NULL DEFAULT 0,
    "onTime" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KpiMonthRollup_pkey" PRIMARY KEY ("providerOrganizationId","clientOrganizationId","month")
);

-- CreateTable
CREATE TABLE "KpiTurnaroundRollup" (
    "providerOrganizationId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "deliverableType" TEXT NOT NULL,
    "measured" INTEGER NOT NULL DEFAULT 0,
    "sumDays" INTEGER NOT NULL DEFAULT 0,
    "withSla" INTEGER NOT NULL DEFAULT 0,
    "sumSla" INTEGER NOT NULL DEFAULT 0,
    "withinSla" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KpiTurnaroundRollup_pkey" PRIMARY KEY ("providerOrganizationId","clientOrganizationId","month","deliverableType")
);

-- CreateTable
CREATE TABLE "KpiMarginRollup" (
    "providerOrganizationId" TEXT NOT NULL,
    "clientOrganizationId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "pricingModel" "PricingModel" NOT NULL,
    "currency" TEXT NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "measured" INTEGER NOT NULL DEFAULT 0,
    "feesMinor" BIGINT NOT NULL DEFAULT 0,
    "minuteCostMinor" BIGINT NOT NULL DEFAULT 0,
    "unmeasured" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KpiMarginRollup_pkey" PRIMARY KEY ("providerOrganizationId","clientOrganizationId","month","pricingModel","currency")
);

-- CreateIndex
CREATE INDEX "KpiMonthRollup_clientOrganizationId_month_idx" ON "KpiMonthRollup"("clientOrganizationId", "month");

-- CreateIndex
CREATE INDEX "KpiTurnaroundRollup_clientOrganizationId_month_idx" ON "KpiTurnaroundRollup"("clientOrganizationId", "month");

-- CreateIndex
CREATE INDEX "KpiMarginRollup_clientOrganizationId_month_idx" ON "KpiMarginRollup"("clientOrganizationId", "month");

-- The rollups are kept by the database itself (ADR 010, second addendum): every writer of
-- deliverables and mandates — the mandates service, an import, a hand-written SQL fix — keeps
-- them exact, in its own transaction. Each function below is one deliverable's part in one
-- rollup, from the same columns the KPI formulas read (server/kpis/delivery.ts,
-- portfolio-kpis.ts); the dashboard's partial edge months use the same functions
-- (server/kpis/portfolio-sql.ts), so whole and partial months cannot disagree.

-- Mon–Fri days in [1970-01-05, day] for a day number since 1970-01-01 (calendar.ts weekdaysThrough).
-- Plain expressions, no FROM, so PostgreSQL inlines these into the queries that call them.
CREATE FUNCTION kpi_weekdays_through(day int) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT (floor((day - 3) / 7.0) * 5 + least(day - 3 - floor((day - 3) / 7.0) * 7, 5))::int
$$;

-- countBusinessDays(from, to) for timestamps stored as UTC without a zone.
CREATE FUNCTION kpi_business_days(from_at timestamp, to_at timestamp) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT kpi_weekdays_through(to_at::date - DATE '1970-01-01') - kpi_weekdays_through(from_at::date - DATE '1970-01-01')
$$;

-- Deliveries and on-time: only a deliverable with a delivery that counts (finalDeliveredAt).
CREATE FUNCTION kpi_month_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, delivered int, judged int, on_time int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."finalDeliveredAt")::date, 1,
    (d."dueDate" IS NOT NULL)::int, (d."dueDate" IS NOT NULL AND d."finalDeliveredAt"::date <= d."dueDate")::int
  WHERE d."finalDeliveredAt" IS NOT NULL
$$;

-- Margin: known when the mandate has a cost rate and the deliverable has effort.
CREATE FUNCTION kpi_margin_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, pricing_model "PricingModel", currency text,
  delivered int, measured int, fees bigint, minute_cost bigint, unmeasured int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."finalDeliveredAt")::date,
    m."pricingModel", m."currency", 1, k.known::int,
    CASE WHEN k.known THEN d."feeMinor" ELSE 0 END,
    CASE WHEN k.known THEN d."effortMinutes"::bigint * m."costRateMinor" ELSE 0 END,
    (NOT k.known)::int
  FROM (SELECT m."costRateMinor" IS NOT NULL AND d."effortMinutes" IS NOT NULL AS known) k
  WHERE d."finalDeliveredAt" IS NOT NULL
$$;

-- Turnaround: from the first IN_PROGRESS to the first DELIVERED, when both exist in that order,
-- against the mandate's level for the type: the first whose type matches ignoring case, as
-- computeTurnaround's find() takes it; a stored value that is not a list of levels has none. The
-- lookup is a subquery here, not a function of its own: PostgreSQL inlines this function's body
-- into the dashboard's query, but would call a separate lookup function row by row (~35 µs a
-- row on PGlite, against ~5 µs inlined).
CREATE FUNCTION kpi_turnaround_part(d "Deliverable", m "Mandate")
RETURNS TABLE (provider text, client text, month date, deliverable_type text,
  measured int, sum_days int, with_sla int, sum_sla int, within_sla int)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m."providerOrganizationId", m."clientOrganizationId", date_trunc('month', d."firstDeliveredAt")::date, d."type",
    1, t.days, (t.sla IS NOT NULL)::int, coalesce(t.sla, 0), coalesce(t.days <= t.sla, false)::int
  FROM (SELECT kpi_business_days(d."startedAt", d."firstDeliveredAt") AS days, (
      SELECT (l->>'turnaroundBusinessDays')::int
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(m."serviceLevels") = 'array' THEN m."serviceLevels" ELSE '[]'::jsonb END) WITH ORDINALITY AS x(l, i)
      WHERE jsonb_typeof(l->'deliverableType') = 'string' AND jsonb_typeof(l->'turnaroundBusinessDays') = 'number'
        AND lower(l->>'deliverableType') = lower(d."type")
      ORDER BY i LIMIT 1
    ) AS sla) t
  WHERE d."startedAt" IS NOT NULL AND d."firstDeliveredAt" IS NOT NULL AND d."firstDeliveredAt" >= d."startedAt"
$$;

-- Adds (sign 1) or takes away (sign -1) the deliverables' parts, each with its mandate as given
-- (the old row when a mandate changed). One grouped upsert per rollup, so a bulk insert costs
-- three statements, not three per row. Zero rows are left in place: they add nothing.
CREATE FUNCTION kpi_rollup_apply(deliverables "Deliverable"[], mandates "Mandate"[], sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(deliverables) = 0 THEN RETURN; END IF;
  INSERT INTO "KpiMonthRollup" AS r ("providerOrganizationId", "clientOrganizationId", "month", "delivered", "judged", "onTime")
  SELECT p.provider, p.client, p.month, sign * sum(p.delivered), sign * sum(p.judged), sign * sum(p.on_time)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_month_part(d, m) p
  GROUP BY p.provider, p.client, p.month
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month") DO UPDATE
  SET "delivered" = r."delivered" + excluded."delivered", "judged" = r."judged" + excluded."judged", "onTime" = r."onTime" + excluded."onTime";

  INSERT INTO "KpiMarginRollup" AS r ("providerOrganizationId", "clientOrganizationId", "month", "pricingModel", "currency",
    "delivered", "measured", "feesMinor", "minuteCostMinor", "unmeasured")
  SELECT p.provider, p.client, p.month, p.pricing_model, p.currency,
    sign * sum(p.delivered), sign * sum(p.measured), sign * sum(p.fees), sign * sum(p.minute_cost), sign * sum(p.unmeasured)
  FROM unnest(deliverables) d JOIN unnest(mandates) m ON m."id" = d."mandateId", LATERAL kpi_margin_part(d, m) p
  GROUP BY p.provider, p.client, p.month, p.pricing_model, p.currency
  ON CONFLICT ("providerOrganizationId", "clientOrganizationId", "month", "pricingModel", "currency") DO UPDATE
  SET "delivered" = r."delivered" + excluded."delivered", "measured" = r."measured" + excluded."measured",
    "feesMinor" = r."feesMinor" + excluded."feesMinor", "minuteCostMinor" = r."minuteCostMinor" + excluded."minuteCostMinor",
    "unmeasured" = r."unmeasured" + excluded."unmeasured";

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

CREATE FUNCTION kpi_deliverables_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_rollup_apply(ARRAY(SELECT n::"Deliverable" FROM new_rows n),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM new_rows)), 1);
  RETURN NULL;
END $$;

-- A mandate's delete takes its deliverables' parts away first (kpi_mandate_deleting); the
-- cascaded delete of its deliverables then finds no mandate and takes nothing twice.
CREATE FUNCTION kpi_deliverables_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_rollup_apply(ARRAY(SELECT o::"Deliverable" FROM old_rows o),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM old_rows)), -1);
  RETURN NULL;
END $$;

-- Only rows whose KPI columns changed: a title or owner edit writes no rollup.
CREATE FUNCTION kpi_deliverables_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
BEGIN
  changed := ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."mandateId", o."type", o."dueDate", o."feeMinor", o."effortMinutes", o."startedAt", o."firstDeliveredAt", o."finalDeliveredAt")
      IS DISTINCT FROM (n."mandateId", n."type", n."dueDate", n."feeMinor", n."effortMinutes", n."startedAt", n."firstDeliveredAt", n."finalDeliveredAt"));
  IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  PERFORM kpi_rollup_apply(ARRAY(SELECT o::"Deliverable" FROM old_rows o WHERE o."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM old_rows WHERE "id" = ANY(changed))), -1);
  PERFORM kpi_rollup_apply(ARRAY(SELECT n::"Deliverable" FROM new_rows n WHERE n."id" = ANY(changed)),
    ARRAY(SELECT m FROM "Mandate" m WHERE m."id" IN (SELECT "mandateId" FROM new_rows WHERE "id" = ANY(changed))), 1);
  RETURN NULL;
END $$;

-- A mandate's organisations, pricing, currency, cost rate or service levels change every part
-- of its deliverables: taken away as they were, added as they are.
CREATE FUNCTION kpi_mandates_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
BEGIN
  changed := ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."providerOrganizationId", o."clientOrganizationId", o."pricingModel", o."currency", o."costRateMinor", o."serviceLevels")
      IS DISTINCT FROM (n."providerOrganizationId", n."clientOrganizationId", n."pricingModel", n."currency", n."costRateMinor", n."serviceLevels"));
  IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
  PERFORM kpi_rollup_apply(ARRAY(SELECT d FROM "Deliverable" d WHERE d."mandateId" = ANY(changed)),
    ARRAY(SELECT o::"Mandate" FROM old_rows o WHERE o."id" = ANY(changed)), -1);
  PERFORM kpi_rollup_apply(ARRAY(SELECT d FROM "Deliverable" d WHERE d."mandateId" = ANY(changed)),
    ARRAY(SELECT n::"Mandate" FROM new_rows n WHERE n."id" = ANY(changed)), 1);
  RETURN NULL;
END $$;

CREATE FUNCTION kpi_mandate_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kpi_rollup_apply(ARRAY(SELECT d FROM "Deliverable" d WHERE d."mandateId" = OLD."id"), ARRAY[OLD], -1);
  RETURN OLD;
END $$;

CREATE TRIGGER kpi_rollup_deliverable_insert AFTER INSERT ON "Deliverable"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_deliverables_inserted();
CREATE TRIGGER kpi_rollup_deliverable_update AFTER UPDATE ON "Deliverable"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_deliverables_updated();
CREATE TRIGGER kpi_rollup_deliverable_delete AFTER DELETE ON "Deliverable"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_deliverables_deleted();
CREATE TRIGGER kpi_rollup_mandate_update AFTER UPDATE ON "Mandate"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_mandates_updated();
CREATE TRIGGER kpi_rollup_mandate_delete BEFORE DELETE ON "Mandate"
  FOR EACH ROW EXECUTE FUNCTION kpi_mandate_deleting();

-- Existing deliverables, once.
SELECT kpi_rollup_apply(ARRAY(SELECT d FROM "Deliverable" d), ARRAY(SELECT m FROM "Mandate" m), 1);
