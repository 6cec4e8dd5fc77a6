import { describe, expect, test } from "vitest";
import { computeBudget, computeBurndown, computeMandateKpis, computeOnTime, countDeliverablesByStatus } from "./mandate-kpis.ts";
import { at, buildDeliverable, buildMandate } from "./test-fixtures.ts";

// One mandate, Mon 2 → Fri 6 March 2026, budget 1,000.00 EUR (100,000 minor), six deliverables:
//   A ACCEPTED   due Wed 4, fee 200.00: delivered Wed 4 17:00 (on the due day: on time), accepted Thu 5
//   B DELIVERED  due Wed 4, fee 300.00: delivered Thu 5 (late)
//   C DELIVERED  due Thu 5, fee 250.00: delivered Tue 3 (on time), rejected Wed 4, redelivered Fri 6 (late)
//   D REJECTED   due Fri 6, fee 150.00: delivered Wed 4, rejected Thu 5 — waiting for redelivery
//   E IN_PROGRESS due Fri 6, fee 100.00
//   F NOT_STARTED due Fri 6, fee  50.00
const mandate = buildMandate({ id: "m1" });
const A = buildDeliverable({
  id: "A", dueDate: at("2026-03-04"), feeMinor: 20_000,
  history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-04 17:00"], ["ACCEPTED", "2026-03-05 10:00"]],
});
const B = buildDeliverable({
  id: "B", dueDate: at("2026-03-04"), feeMinor: 30_000,
  history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-05 10:00"]],
});
const C = buildDeliverable({
  id: "C", dueDate: at("2026-03-05"), feeMinor: 25_000,
  // Given out of order on purpose: the formulas sort the history themselves.
  history: [["DELIVERED", "2026-03-06 11:00"], ["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-03 15:00"], ["REJECTED", "2026-03-04 09:00"]],
  status: "DELIVERED",
});
const D = buildDeliverable({
  id: "D", dueDate: at("2026-03-06"), feeMinor: 15_000,
  history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-04 12:00"], ["REJECTED", "2026-03-05 12:00"]],
});
const E = buildDeliverable({ id: "E", feeMinor: 10_000, history: [["IN_PROGRESS", "2026-03-03 09:00"]] });
const F = buildDeliverable({ id: "F", feeMinor: 5_000 });
const all = [A, B, C, D, E, F];

describe("countDeliverablesByStatus", () => {
  test("counts every status in workflow order, zeros included", () => {
    expect(countDeliverablesByStatus(all)).toEqual([
      { status: "REQUESTED", count: 0 },
      { status: "DECLINED", count: 0 },
      { status: "NOT_STARTED", count: 1 }, // F
      { status: "IN_PROGRESS", count: 1 }, // E
      { status: "IN_REVIEW", count: 0 },
      { status: "WAITING_ON_CLIENT", count: 0 },
      { status: "DELIVERED", count: 2 }, // B, C
      { status: "ACCEPTED", count: 1 }, // A
      { status: "REJECTED", count: 1 }, // D
    ]);
  });
});

describe("computeOnTime", () => {
  test("judges the final delivery: a rejected then late redelivery is late; rejected ones wait outside the rate", () => {
    // delivered now: A, B, C = 3; on time: A only (B late, C's redelivery Fri 6 is after Thu 5) → 1/3 = 33.33 %
    // D is REJECTED: not delivered, counted as awaiting redelivery.
    expect(computeOnTime(all)).toEqual({
      rate: { kind: "ratio", numerator: 1, denominator: 3, basisPoints: 3333, percent: "33.33" },
      delivered: 3,
      onTime: 1,
      late: 2,
      awaitingRedelivery: 1,
      withoutDueDate: 0,
    });
  });

  test("a delivery without a due date is left out of the rate and counted apart", () => {
    const undated = buildDeliverable({ id: "U", dueDate: null, history: [["DELIVERED", "2026-03-20 10:00"]] });
    // A on time + undated → the rate is A alone: 1 of 1 = 100.00 %; the undated one is reported, not judged
    expect(computeOnTime([A, undated])).toMatchObject({
      rate: { numerator: 1, denominator: 1, percent: "100.00" },
      delivered: 1,
      late: 0,
      withoutDueDate: 1,
    });
    expect(computeOnTime([undated]).rate).toEqual({ kind: "no-data" });
  });

  test("no deliveries is 'no data', not 0 %", () => {
    expect(computeOnTime([E, F]).rate).toEqual({ kind: "no-data" });
    expect(computeOnTime([]).rate).toEqual({ kind: "no-data" });
  });

  test("a deliverable accepted without a recorded delivery counts from its acceptance", () => {
    const direct = buildDeliverable({ id: "G", dueDate: at("2026-03-04"), history: [["ACCEPTED", "2026-03-04 23:59"]] });
    // accepted on the due day → 1 of 1 on time
    expect(computeOnTime([direct]).rate).toMatchObject({ basisPoints: 10_000, percent: "100.00" });
  });
});

describe("computeBudget", () => {
  test("consumed is the fees of DELIVERED and ACCEPTED deliverables", () => {
    // consumed = A 20,000 + B 30,000 + C 25,000 = 75,000 of 100,000 → 75.00 %; remaining 25,000
    // planned = 75,000 + D 15,000 + E 10,000 + F 5,000 = 105,000
    expect(computeBudget(mandate, all)).toEqual({
      currency: "EUR",
      agreedMinor: 100_000,
      consumedMinor: 75_000,
      plannedMinor: 105_000,
      remainingMinor: 25_000,
      consumed: { kind: "ratio", numerator: 75_000, denominator: 100_000, basisPoints: 7500, percent: "75.00" },
      cap: null,
    });
  });

  test("a CAPPED mandate shows the cap, what is billable under it and the overrun", () => {
    const capped = buildMandate({ id: "m1", pricingModel: "CAPPED", budgetMinor: 60_000 });
    // consumed 75,000 against a cap of 60,000 → 125.00 %, billable 60,000, over by 15,000, remaining −15,000
    expect(computeBudget(capped, all)).toMatchObject({
      consumedMinor: 75_000,
      remainingMinor: -15_000,
      consumed: { basisPoints: 12_500, percent: "125.00" },
      cap: { capMinor: 60_000, billableMinor: 60_000, overCapMinor: 15_000 },
    });
    // under the cap: consumed A only = 20,000 → billable 20,000, over 0
    expect(computeBudget(capped, [A]).cap).toEqual({ capMinor: 60_000, billableMinor: 20_000, overCapMinor: 0 });
  });

  test("no deliverables consumes 0 %; no agreed budget is 'no data'", () => {
    expect(computeBudget(mandate, [])).toMatchObject({ consumedMinor: 0, plannedMinor: 0, consumed: { basisPoints: 0, percent: "0.00" } });
    expect(computeBudget(buildMandate({ id: "m1", budgetMinor: 0 }), all).consumed).toEqual({ kind: "no-data" });
  });
});

describe("computeBurndown", () => {
  test("daily: remaining open at the end of each day up to today, ideal falling from the scope to 0", () => {
    // scope 6 over 4 days (Mon 2 → Fri 6): ideal 6, 4.5, 3, 1.5, 0
    // end of Mon 2: nothing done → 6
    // end of Tue 3: C delivered → 5
    // end of Wed 4: A and D delivered, C rejected again → 4
    // Thu 5 and Fri 6 are after "today" (Wed 4 12:00) → null
    expect(computeBurndown(mandate, all, at("2026-03-04 12:00"), "day")).toEqual({
      granularity: "day",
      scope: 6,
      hasIdeal: true,
      points: [
        { date: "2026-03-02", ideal: 6, actual: 6 },
        { date: "2026-03-03", ideal: 4.5, actual: 5 },
        { date: "2026-03-04", ideal: 3, actual: 4 },
        { date: "2026-03-05", ideal: 1.5, actual: null },
        { date: "2026-03-06", ideal: 0, actual: null },
      ],
    });
  });

  test("a mandate past its target date runs on to today, ideal 0", () => {
    // end of Thu 5: A accepted, B delivered; C and D rejected → done A, B → 4 open
    // end of Fri 6: C redelivered → done A, B, C → 3 open, and 3 through Tue 10
    const points = computeBurndown(mandate, all, at("2026-03-10 08:00"), "day").points;
    expect(points.map((p) => p.date)).toEqual([
      "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10",
    ]);
    expect(points.map((p) => p.actual)).toEqual([6, 5, 4, 4, 3, 3, 3, 3, 3]);
    expect(points.slice(4).every((p) => p.ideal === 0)).toBe(true);
  });

  test("weekly points every 7 days, and 'auto' picks weeks past 62 days", () => {
    const fourWeeks = buildMandate({ id: "m1", targetDate: at("2026-03-30") });
    // scope 6 over 28 days, read every 7: ideal 6, 4.5, 3, 1.5, 0 — and today, Wed 4, between
    // two of them: 6 × 26/28 = 5.57 ideal, 4 open (as in the daily test)
    expect(computeBurndown(fourWeeks, all, at("2026-03-04"), "week").points).toEqual([
      { date: "2026-03-02", ideal: 6, actual: 6 },
      { date: "2026-03-04", ideal: 5.57, actual: 4 },
      { date: "2026-03-09", ideal: 4.5, actual: null },
      { date: "2026-03-16", ideal: 3, actual: null },
      { date: "2026-03-23", ideal: 1.5, actual: null },
      { date: "2026-03-30", ideal: 0, actual: null },
    ]);
    expect(computeBurndown(fourWeeks, all, at("2026-03-04")).granularity).toBe("day"); // 29 days
    const long = computeBurndown(buildMandate({ id: "m1", targetDate: at("2026-06-30") }), all, at("2026-03-04"));
    expect(long.granularity).toBe("week");
    // the last point is the target date even when it is not on the 7-day grid
    expect(long.points.at(-1)?.date).toBe("2026-06-30");
    expect(long.points.at(-2)?.date).toBe("2026-06-29");
  });

  test("without a target date it runs from the start to today with no ideal line", () => {
    const openEnded = buildMandate({ id: "m1", targetDate: null });
    // Mon 2 → Wed 4 (today): actual 6, 5, 4 as in the daily test; no ideal (placeholder 0), nothing after today
    const burndown = computeBurndown(openEnded, all, at("2026-03-04 12:00"), "day");
    expect(burndown.hasIdeal).toBe(false);
    expect(burndown.points).toEqual([
      { date: "2026-03-02", ideal: 0, actual: 6 },
      { date: "2026-03-03", ideal: 0, actual: 5 },
      { date: "2026-03-04", ideal: 0, actual: 4 },
    ]);
  });

  test("a deliverable is open only from its creation until its acceptance, and the current week has its point (issue 14)", () => {
    // Weekly (Fri 4 Sep 2026 → Wed 31 Mar 2027), grid every 7 days: …, Fri 20 Nov, Fri 27 Nov, Fri 4 Dec, …
    // Three deliverables created Wed 25 Nov; one accepted Tue 1 Dec; "today" Thu 3 Dec, between grid points.
    const long = buildMandate({ id: "m1", startDate: at("2026-09-04"), targetDate: at("2027-03-31") });
    const created = at("2026-11-25 10:00");
    const trio = [
      buildDeliverable({ id: "P", createdAt: created, history: [["IN_PROGRESS", "2026-11-26 09:00"], ["DELIVERED", "2026-11-30 16:00"], ["ACCEPTED", "2026-12-01 11:00"]] }),
      buildDeliverable({ id: "Q", createdAt: created, history: [["IN_PROGRESS", "2026-11-26 09:00"]] }),
      buildDeliverable({ id: "R", createdAt: created }),
    ];
    const burndown = computeBurndown(long, trio, at("2026-12-03 12:00"));
    expect(burndown.granularity).toBe("week");
    const actual = (date: string) => burndown.points.find((p) => p.date === date)?.actual;
    expect(actual("2026-09-04")).toBe(0); // none existed yet
    expect(actual("2026-11-20")).toBe(0);
    expect(actual("2026-11-27")).toBe(3); // created Wed 25, none done
    expect(actual("2026-12-03")).toBe(2); // today: P accepted on Tue 1 Dec
    expect(actual("2026-12-04")).toBeNull(); // next grid point, after today
    expect(burndown.points.filter((p) => p.actual !== null).at(-1)).toMatchObject({ date: "2026-12-03", actual: 2 });
    // the grid stays on its 7-day step around today's point
    expect(burndown.points.map((p) => p.date).slice(11, 15)).toEqual(["2026-11-20", "2026-11-27", "2026-12-03", "2026-12-04"]);
  });

  test("daily: a deliverable added mid-mandate counts from the day it was created", () => {
    const late = buildDeliverable({ id: "L", createdAt: at("2026-03-04 15:00") });
    // F (created before the start) open throughout; L from Wed 4
    expect(computeBurndown(mandate, [F, late], at("2026-03-05 12:00"), "day").points.map((p) => p.actual)).toEqual([1, 1, 2, 2, null]);
  });

  test("no deliverables and a one-day mandate do not divide by zero", () => {
    expect(computeBurndown(mandate, [], at("2026-03-03"), "day").points.slice(0, 2)).toEqual([
      { date: "2026-03-02", ideal: 0, actual: 0 },
      { date: "2026-03-03", ideal: 0, actual: 0 },
    ]);
    const oneDay = buildMandate({ id: "m1", targetDate: at("2026-03-02") });
    expect(computeBurndown(oneDay, [F], at("2026-03-02"), "day").points).toEqual([{ date: "2026-03-02", ideal: 0, actual: 1 }]);
  });

  test("an approved change request steps the plan on its day, weekly too, with the first plan as the baseline (ADR 043)", () => {
    // Mon 2 March → Fri 27 March (25 days), six deliverables of which the change added 2. The first
    // plan burns 4 to the baseline target Fri 13 March (11 days). Approved Wed 11 March (a point,
    // though the weekly grid runs Mondays): 4 × 2/11 = 0.73 left, + 2 = 2.73, to 0 on Fri 27 March
    // (16 days): Mon 16 March = 2.73 × 11/16 = 1.88; baseline there 0.
    const changed = buildMandate({
      id: "m1",
      targetDate: at("2026-03-27"),
      baselineTargetDate: at("2026-03-13"),
      scopeChanges: [{ approvedAt: at("2026-03-11 15:00"), addedDeliverables: 2, targetDate: at("2026-03-27") }],
    });
    const burndown = computeBurndown(changed, all, at("2026-03-04 12:00"), "week");
    const point = (date: string) => burndown.points.find((p) => p.date === date);
    expect(burndown.changes).toEqual([{ date: "2026-03-11", addedDeliverables: 2, targetDate: "2026-03-27" }]);
    expect(point("2026-03-02")).toMatchObject({ ideal: 4, baseline: 4 });
    expect(point("2026-03-11")).toMatchObject({ ideal: 2.73, baseline: 0.73 });
    expect(point("2026-03-16")).toMatchObject({ ideal: 1.88, baseline: 0 });
    expect(point("2026-03-27")).toMatchObject({ ideal: 0, baseline: 0 });
    // Without a change the shape is the one the charts always read: no baseline, no changes.
    expect(computeBurndown(mandate, all, at("2026-03-04 12:00"), "day")).not.toHaveProperty("changes");
  });
});

test("computeMandateKpis keeps only the mandate's own deliverables", () => {
  const other = buildDeliverable({ id: "X", mandateId: "m2", feeMinor: 99_999, history: [["DELIVERED", "2026-03-03 10:00"]] });
  const kpis = computeMandateKpis(mandate, [...all, other], at("2026-03-04 12:00"));
  expect(kpis.byStatus.find((s) => s.status === "DELIVERED")?.count).toBe(2);
  expect(kpis.budget.consumedMinor).toBe(75_000);
  expect(kpis.onTime.delivered).toBe(3);
  expect(kpis.burndown.scope).toBe(6);
});
