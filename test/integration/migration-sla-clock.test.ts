// The sla_clock migration on data made before it (ADR 041): deliveries measured by the old clock
// keep its figure, stored and marked v1, and the turnaround rollup counts them as v1; deliveries it
// could not measure stay unmeasured. Runs on its own in-memory PGlite: migrations up to the one
// before, rows written as the old schema had them (the old triggers fill the rollups), then the rest.
import { afterAll, expect, test } from "vitest";
import { databaseBeforeMigration, type BeforeMigration } from "../helpers/before-migration.ts";

let before: BeforeMigration | undefined;
afterAll(async () => {
  await before?.close();
});

test("old deliveries keep the old clock's figure as v1; the rollup counts them as such", { timeout: 180_000 }, async () => {
  before = await databaseBeforeMigration("sla_clock");
  const { db, sql } = before;

  await sql(`INSERT INTO "Organization" (id, name, slug, kind, "updatedAt") VALUES ('prov', 'Provider LLP', 'prov', 'PROVIDER', now()), ('ca', 'Client A', 'ca', 'CLIENT', now())`);
  await sql(`INSERT INTO "Mandate" (id, "providerOrganizationId", "clientOrganizationId", title, reference, "pricingModel", currency, "budgetMinor", "startDate", "serviceLevels", "updatedAt")
    VALUES ('ma', 'prov', 'ca', 'A work', 'A-1', 'CAPPED', 'EUR', 100, '2026-01-01', '[{"deliverableType": "memo", "turnaroundBusinessDays": 3}]', now())`);
  // Started Fri 6 March, first delivered Wed 11 March: Mon, Tue, Wed = 3 by the old clock (Mon–Fri UTC, no holidays, no waits).
  await sql(`INSERT INTO "Deliverable" (id, "mandateId", title, type, status, "createdAt", "startedAt", "firstDeliveredAt", "deliveredAt", "finalDeliveredAt", "updatedAt") VALUES
    ('measured', 'ma', 'Memo', 'memo', 'DELIVERED', '2026-03-02 09:00', '2026-03-06 10:00', '2026-03-11 16:00', '2026-03-11 16:00', '2026-03-11 16:00', now()),
    ('neverStarted', 'ma', 'Memo 2', 'memo', 'DELIVERED', '2026-03-02 09:00', NULL, '2026-03-12 10:00', '2026-03-12 10:00', '2026-03-12 10:00', now()),
    ('open', 'ma', 'Memo 3', 'memo', 'IN_PROGRESS', '2026-03-02 09:00', '2026-03-03 09:00', NULL, NULL, NULL, now())`);

  expect(await before.migrateRest()).toContain(before.migration);

  const rows = await db.prisma.$queryRawUnsafe<{ id: string; days: number | null; definition: string | null }[]>(
    `SELECT id, "turnaroundBusinessDays" AS days, "turnaroundDefinition" AS definition FROM "Deliverable" ORDER BY id`,
  );
  expect(rows).toEqual([
    { id: "measured", days: 3, definition: "v1" },
    { id: "neverStarted", days: null, definition: null },
    { id: "open", days: null, definition: null },
  ]);
  const rollup = await db.prisma.$queryRawUnsafe<{ measured: number; sumDays: number; withinSla: number; measuredV1: number }[]>(
    `SELECT "measured", "sumDays", "withinSla", "measuredV1" FROM "KpiTurnaroundRollup" WHERE "measured" <> 0`,
  );
  expect(rollup).toEqual([{ measured: 1, sumDays: 3, withinSla: 1, measuredV1: 1 }]);
});
