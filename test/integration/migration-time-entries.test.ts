// The time_entries_and_rate_cards migration on data made before it (ADR 039): effort typed on a
// deliverable becomes one time entry — its owner's (else the PM's), on the day of its delivery
// that counts, at the mandate's blended rate — so the margins measured before stay as they were;
// effort without a rate is unrated, effort of 0 minutes is no effort. Runs on its own in-memory
// PGlite: migrations up to the one before, rows written as the old schema had them (the rollup
// triggers of the time fill the margin rollup), then the rest of the migrations.
import { afterAll, expect, test } from "vitest";
import { databaseBeforeMigration, type BeforeMigration } from "../helpers/before-migration.ts";

let before: BeforeMigration | undefined;
afterAll(async () => {
  await before?.close();
});

test("typed effort becomes one entry at the blended rate; margins stay as they were; unrated and zero effort leave them unmeasured", { timeout: 180_000 }, async () => {
  before = await databaseBeforeMigration("time_entries_and_rate_cards");
  const { db, sql } = before;

  await sql(`INSERT INTO "Organization" (id, name, slug, kind, "updatedAt") VALUES ('prov', 'Provider LLP', 'prov', 'PROVIDER', now()), ('ca', 'Client A', 'ca', 'CLIENT', now())`);
  await sql(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('pm', 'pm@x.test', 'PM', now()), ('own', 'own@x.test', 'Owner', now())`);
  // M1 at a blended 60.00/h; M2 without a rate.
  await sql(`INSERT INTO "Mandate" (id, "providerOrganizationId", "clientOrganizationId", title, reference, "projectManagerId", "pricingModel", currency, "budgetMinor", "costRateMinor", "startDate", "updatedAt")
    VALUES ('m1', 'prov', 'ca', 'One', 'M-1', 'pm', 'FIXED_PER_DELIVERABLE', 'EUR', 100000, 6000, '2026-01-01', now()),
           ('m2', 'prov', 'ca', 'Two', 'M-2', 'pm', 'FIXED_PER_DELIVERABLE', 'EUR', 100000, NULL, '2026-01-01', now())`);
  await sql(`INSERT INTO "Deliverable" (id, "mandateId", title, type, status, "ownerId", "feeMinor", "effortMinutes", "firstDeliveredAt", "finalDeliveredAt", "createdAt", "updatedAt") VALUES
    ('a', 'm1', 'A', 'Memo', 'DELIVERED', 'own', 20000, 90, '2026-03-10 10:00', '2026-03-10 10:00', '2026-03-01', now()),
    ('b', 'm1', 'B', 'Memo', 'DELIVERED', NULL, 5000, 0, '2026-03-11 10:00', '2026-03-11 10:00', '2026-03-01', now()),
    ('c', 'm2', 'C', 'Memo', 'IN_PROGRESS', NULL, 3000, 45, NULL, NULL, '2026-03-02 09:00', now()),
    ('d', 'm1', 'D', 'Memo', 'DELIVERED', 'own', 1000, 7, '2026-03-12 10:00', '2026-03-12 10:00', '2026-03-01', now())`);
  const marginBefore = await db.prisma.$queryRawUnsafe<Array<{ delivered: number; measured: number; fees: string; minute_cost: string; unmeasured: number }>>(
    `SELECT delivered, measured, "feesMinor"::text AS fees, "minuteCostMinor"::text AS minute_cost, unmeasured FROM "KpiMarginRollup"`,
  );
  // (90 + 7) min × 6,000 = 582,000 minute-cost → 9,700 once divided by 60; B's 0 minutes were measured at 0.
  expect(marginBefore).toEqual([{ delivered: 3, measured: 3, fees: "26000", minute_cost: "582000", unmeasured: 0 }]);

  expect(await before.migrateRest()).toContain(before.migration);

  const entries = await db.prisma.timeEntry.findMany({ orderBy: { deliverableId: "asc" } });
  expect(entries.map((e) => [e.deliverableId, e.userId, e.date.toISOString().slice(0, 10), e.minutes, e.taskCode, e.role, e.hourlyRateMinor, e.costMinor])).toEqual([
    ["a", "own", "2026-03-10", 90, "other", null, 6000n, 9000n], // 90 min at 60.00/h
    ["c", "pm", "2026-03-02", 45, "other", null, null, null], // no rate: unrated
    ["d", "own", "2026-03-12", 7, "other", null, 6000n, 700n], // 7 min at 60.00/h
  ]);
  const deliverables = await db.prisma.deliverable.findMany({ orderBy: { id: "asc" }, select: { id: true, effortMinutes: true, costMinor: true, unratedMinutes: true } });
  expect(deliverables).toEqual([
    { id: "a", effortMinutes: 90, costMinor: 9000n, unratedMinutes: 0 },
    { id: "b", effortMinutes: null, costMinor: null, unratedMinutes: 0 },
    { id: "c", effortMinutes: 45, costMinor: null, unratedMinutes: 45 },
    { id: "d", effortMinutes: 7, costMinor: 700n, unratedMinutes: 0 },
  ]);
  // The margin keeps A and D's cost (9,700, as before); B, with no time, is now unmeasured.
  const marginAfter = await db.prisma.kpiMarginRollup.findMany();
  expect(marginAfter.map((r) => ({ delivered: r.delivered, measured: r.measured, fees: r.feesMinor, cost: r.costMinor, unmeasured: r.unmeasured, unmeasuredFees: r.unmeasuredFeesMinor }))).toEqual([
    { delivered: 3, measured: 2, fees: 21000n, cost: 9700n, unmeasured: 1, unmeasuredFees: 5000n },
  ]);
  // The rollup still follows changes: D's cost taken away exactly.
  await db.prisma.deliverable.update({ where: { id: "d" }, data: { costMinor: null } });
  expect((await db.prisma.kpiMarginRollup.findFirstOrThrow()).costMinor).toBe(9000n);
});
