import { describe, expect, test } from "vitest";
import {
  deliveredPerMonthFromCounts,
  marginRowsFromTotals,
  turnaroundFromTotals,
  computeMarginByPricingModel,
  computePortfolioKpis,
  computePortfolioOnTimeRate,
  computeTurnaround,
  countDeliveredPerMonth,
  rankMostUsedDocuments,
} from "./portfolio-kpis.ts";
import { at, buildDeliverable, buildMandate } from "./test-fixtures.ts";

// Three mandates in two currencies (deliverables' costs: their time at 60.00/h on M1, 90.00/h on M2):
//   M1 FIXED_PER_DELIVERABLE EUR, SLA memo 3, contract 5 business days
//   M2 CAPPED GBP, SLA memo 2
//   M3 FIXED_PER_DELIVERABLE GBP, its time unrated, no SLA
const M1 = buildMandate({
  id: "M1", currency: "EUR",
  serviceLevels: [{ deliverableType: "memo", turnaroundBusinessDays: 3 }, { deliverableType: "contract", turnaroundBusinessDays: 5 }],
});
const M2 = buildMandate({ id: "M2", pricingModel: "CAPPED", currency: "GBP", serviceLevels: [{ deliverableType: "memo", turnaroundBusinessDays: 2 }] });
const M3 = buildMandate({ id: "M3", currency: "GBP" });
const mandates = [M1, M2, M3];

// Range: 1 March – 30 April 2026. (March 2026: Mon 2, Fri 6, Mon 9, Wed 11, Mon 16, Fri 20, Mon 23.)
const range = { from: at("2026-03-01"), to: at("2026-04-30") };

const P1 = buildDeliverable({ // M1 memo: Fri 6 → Wed 11 = Mon, Tue, Wed = 3 days (SLA 3: within); due Wed 11: on time
  id: "P1", mandateId: "M1", type: "memo", dueDate: at("2026-03-11"), feeMinor: 50_000, costMinor: 30_000, turnaroundBusinessDays: 3, turnaroundDefinition: "v2", // 300 min
  history: [["IN_PROGRESS", "2026-03-06 10:00"], ["DELIVERED", "2026-03-11 16:00"], ["ACCEPTED", "2026-03-12 09:00"]],
});
const P2 = buildDeliverable({ // M1 contract: Mon 2 → Mon 16 = 10 days (SLA 5: over); due Fri 13: late
  id: "P2", mandateId: "M1", type: "contract", dueDate: at("2026-03-13"), feeMinor: 120_000, costMinor: 125_000, turnaroundBusinessDays: 10, turnaroundDefinition: "v1", // 1,250 min
  history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-16 12:00"]],
});
const P3 = buildDeliverable({ // M2 memo: first delivery Thu 2 → Fri 3 April = 1 day (SLA 2: within); rejected, redelivered Tue 7 after due Mon 6: late
  id: "P3", mandateId: "M2", type: "memo", dueDate: at("2026-04-06"), feeMinor: 80_000, costMinor: 30_000, turnaroundBusinessDays: 1, turnaroundDefinition: "v2", // 200 min
  history: [["IN_PROGRESS", "2026-04-02 09:00"], ["DELIVERED", "2026-04-03 15:00"], ["REJECTED", "2026-04-06 10:00"], ["DELIVERED", "2026-04-07 10:00"]],
});
const P4 = buildDeliverable({ // M3 memo: Mon 20 → Tue 21 April = 1 day, no SLA; on time; unrated time → margin unmeasured
  id: "P4", mandateId: "M3", type: "memo", dueDate: at("2026-04-30"), feeMinor: 40_000, costMinor: null, turnaroundBusinessDays: 1, turnaroundDefinition: "v2",
  history: [["IN_PROGRESS", "2026-04-20 09:00"], ["DELIVERED", "2026-04-21 09:00"]],
});
const P5 = buildDeliverable({ // M1 memo delivered 4 May: outside the range everywhere
  id: "P5", mandateId: "M1", type: "memo", dueDate: at("2026-05-08"), feeMinor: 70_000, costMinor: 6_000, turnaroundBusinessDays: 4, turnaroundDefinition: "v2",
  history: [["IN_PROGRESS", "2026-04-28 09:00"], ["DELIVERED", "2026-05-04 09:00"]],
});
const P6 = buildDeliverable({ // M2 memo, REJECTED now: no delivery for the rates; its first delivery Fri 20 → Mon 23 = 1 day still measures turnaround
  id: "P6", mandateId: "M2", type: "memo", dueDate: at("2026-03-27"), feeMinor: 30_000, costMinor: 13_500, turnaroundBusinessDays: 1, turnaroundDefinition: "v2",
  history: [["IN_PROGRESS", "2026-03-20 09:00"], ["DELIVERED", "2026-03-23 09:00"], ["REJECTED", "2026-03-24 09:00"]],
});
const P7 = buildDeliverable({ // M1 contract still in progress: nowhere
  id: "P7", mandateId: "M1", type: "contract", feeMinor: 60_000, history: [["IN_PROGRESS", "2026-03-10 09:00"]],
});
const P8 = buildDeliverable({ // M1 memo delivered before ADR 041 without IN_PROGRESS: on time, counted in March, no stored turnaround; no time → margin unmeasured
  id: "P8", mandateId: "M1", type: "memo", dueDate: at("2026-03-27"), feeMinor: 10_000,
  history: [["DELIVERED", "2026-03-25 09:00"], ["ACCEPTED", "2026-03-26 09:00"]],
});
const deliverables = [P1, P2, P3, P4, P5, P6, P7, P8];

test("on-time rate over the final deliveries within the range", () => {
  // delivered in range: P1 ✓, P2 ✗, P3 ✗ (redelivered late), P4 ✓, P8 ✓ → 3 of 5 = 60.00 %
  expect(computePortfolioOnTimeRate(deliverables, range)).toEqual({ kind: "ratio", numerator: 3, denominator: 5, basisPoints: 6000, percent: "60.00" });
  expect(computePortfolioOnTimeRate(deliverables, { from: at("2026-06-01"), to: at("2026-06-30") })).toEqual({ kind: "no-data" });
});

test("a delivery without a due date is out of the on-time rate but still counted per month", () => {
  const undated = buildDeliverable({ id: "U", mandateId: "M1", dueDate: null, history: [["DELIVERED", "2026-03-18 10:00"]] });
  // the rate stays 3 of 5 = 60.00 % (U is not judged); March has P1, P2, P8 and U = 4
  expect(computePortfolioOnTimeRate([...deliverables, undated], range)).toMatchObject({ numerator: 3, denominator: 5, percent: "60.00" });
  expect(countDeliveredPerMonth([...deliverables, undated], range)[0]).toEqual({ month: "2026-03", delivered: 4 });
});

test("the range is inclusive of both end days", () => {
  // only 16 March: P2 (late) → 0 of 1 = 0.00 %
  const oneDay = { from: at("2026-03-16"), to: at("2026-03-16") };
  expect(computePortfolioOnTimeRate(deliverables, oneDay)).toMatchObject({ numerator: 0, denominator: 1, percent: "0.00" });
});

describe("computeTurnaround", () => {
  test("the figures stored at the first deliveries, against the mandate's SLA for the type, v1 ones counted", () => {
    // measured: P1 3, P2 10 (v1), P3 1, P4 1, P6 1 → 16 / 5 = 3.20 days → 320 hundredths
    // with an SLA: P1 (3), P2 (5), P3 (2), P6 (2) → mean SLA 12 / 4 = 3.00; within: P1, P3, P6 → 3 / 4 = 75.00 %
    // per type — contract: P2 10 vs 5 → 0 of 1; memo: 3+1+1+1 = 6 / 4 = 1.50, SLA (3+2+2)/3 = 2.333 → 233, 3 of 3
    expect(computeTurnaround(mandates, deliverables, range)).toEqual({
      measured: 5,
      measuredV1: 1,
      averageHundredths: 320,
      withSla: 4,
      averageSlaHundredths: 300,
      withinSla: { kind: "ratio", numerator: 3, denominator: 4, basisPoints: 7500, percent: "75.00" },
      byType: [
        {
          deliverableType: "contract", measured: 1, measuredV1: 1, averageHundredths: 1000, withSla: 1, averageSlaHundredths: 500,
          withinSla: { kind: "ratio", numerator: 0, denominator: 1, basisPoints: 0, percent: "0.00" },
        },
        {
          deliverableType: "memo", measured: 4, measuredV1: 0, averageHundredths: 150, withSla: 3, averageSlaHundredths: 233,
          withinSla: { kind: "ratio", numerator: 3, denominator: 3, basisPoints: 10_000, percent: "100.00" },
        },
      ],
    });
  });

  test("the stored figure counts, not the status history: a rejection or a later calendar does not change it", () => {
    const stored = buildDeliverable({
      id: "W", mandateId: "M2", type: "memo", turnaroundBusinessDays: 2, turnaroundDefinition: "v2",
      history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-16 09:00"], ["REJECTED", "2026-03-17 09:00"]],
    });
    // 2 days as stored ≤ SLA 2 → within, though the history spans two weeks
    expect(computeTurnaround(mandates, [stored], range)).toMatchObject({ averageHundredths: 200, measuredV1: 0, withinSla: { percent: "100.00" } });
  });

  test("a type matches its service level ignoring case", () => {
    const upper = buildDeliverable({ id: "UP", mandateId: "M2", type: "MEMO", turnaroundBusinessDays: 1, history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-03 09:00"]] });
    // Mon 2 → Tue 3 = 1 day against M2's "memo" SLA of 2 → within, reported under its own spelling
    expect(computeTurnaround(mandates, [upper], range)).toMatchObject({ withSla: 1, averageSlaHundredths: 200, byType: [{ deliverableType: "MEMO", withSla: 1 }] });
  });

  test("nothing measured is 'no data'", () => {
    expect(computeTurnaround(mandates, [P7, P8], range)).toEqual({
      measured: 0, measuredV1: 0, averageHundredths: null, withSla: 0, averageSlaHundredths: null, withinSla: { kind: "no-data" }, byType: [],
    });
  });
});

test("deliveries per month, every month of the range present", () => {
  // March: P1 (11th), P2 (16th), P8 (25th) = 3; April: P3 (7th, its final delivery), P4 (21st) = 2
  expect(countDeliveredPerMonth(deliverables, range)).toEqual([
    { month: "2026-03", delivered: 3 },
    { month: "2026-04", delivered: 2 },
  ]);
  expect(countDeliveredPerMonth([], { from: at("2026-01-15"), to: at("2026-02-15") })).toEqual([
    { month: "2026-01", delivered: 0 },
    { month: "2026-02", delivered: 0 },
  ]);
});

test("most-used documents: top N by links, ties by title, unused left out", () => {
  const usage = [
    { documentId: "a", title: "Zeta playbook", linkCount: 5 },
    { documentId: "b", title: "Alpha playbook", linkCount: 5 },
    { documentId: "c", title: "Mid playbook", linkCount: 9 },
    { documentId: "d", title: "Unused playbook", linkCount: 0 },
    { documentId: "e", title: "Low playbook", linkCount: 1 },
  ];
  expect(rankMostUsedDocuments(usage, 3).map((u) => u.documentId)).toEqual(["c", "b", "a"]);
  expect(rankMostUsedDocuments(usage, 10).map((u) => u.documentId)).toEqual(["c", "b", "a", "e"]);
  expect(rankMostUsedDocuments([], 10)).toEqual([]);
});

describe("computeMarginByPricingModel", () => {
  test("one row per pricing model and currency; currencies are never added together", () => {
    // CAPPED GBP: P3 fee 80,000; cost 30,000; margin 50,000 / 80,000 = 62.50 %
    // FIXED EUR: P1 + P2 fees 170,000; cost 30,000 + 125,000 = 155,000; margin 15,000 / 170,000
    //            = 8.8235 % → 882 bp; P8 has no time → unmeasured 1 (P5 out of range, P7 not delivered)
    //            fees shown 170,000 + P8's 10,000 = 180,000: an unmeasured fee is still a fee (issue 14)
    // FIXED GBP: P4 only, its time unrated → no measured deliverable, margin "no data"; its fee 40,000 shows
    expect(computeMarginByPricingModel(mandates, deliverables, range)).toEqual([
      {
        pricingModel: "CAPPED", currency: "GBP", deliverables: 1, feesMinor: 80_000, measuredFeesMinor: 80_000, costMinor: 30_000, marginMinor: 50_000,
        margin: { kind: "ratio", numerator: 50_000, denominator: 80_000, basisPoints: 6250, percent: "62.50" }, unmeasured: 0,
      },
      {
        pricingModel: "FIXED_PER_DELIVERABLE", currency: "EUR", deliverables: 2, feesMinor: 180_000, measuredFeesMinor: 170_000, costMinor: 155_000, marginMinor: 15_000,
        margin: { kind: "ratio", numerator: 15_000, denominator: 170_000, basisPoints: 882, percent: "8.82" }, unmeasured: 1,
      },
      {
        pricingModel: "FIXED_PER_DELIVERABLE", currency: "GBP", deliverables: 0, feesMinor: 40_000, measuredFeesMinor: 0, costMinor: 0, marginMinor: 0,
        margin: { kind: "no-data" }, unmeasured: 1,
      },
    ]);
  });

  test("costs add as the deliverables carry them, and a loss is a negative margin", () => {
    const cheap = buildMandate({ id: "C1" });
    const twoSmall = ["s1", "s2"].map((id) =>
      buildDeliverable({ id, mandateId: "C1", feeMinor: 50, costMinor: 12, history: [["DELIVERED", "2026-03-03 09:00"]] }),
    );
    // 7 min at 100/h = 11.67 → 12 each (rounded per time entry, ADR 039); margin (100 − 24) / 100 = 76.00 %
    expect(computeMarginByPricingModel([cheap], twoSmall, range)[0]).toMatchObject({ costMinor: 24, margin: { basisPoints: 7600 } });

    const costly = buildMandate({ id: "C2" });
    const loss = buildDeliverable({ id: "l", mandateId: "C2", feeMinor: 1_000, costMinor: 3_000, history: [["DELIVERED", "2026-03-03 09:00"]] });
    // fee 1,000, cost 3,000 (60 min at 3,000/h) → margin −2,000 / 1,000 = −200.00 %
    expect(computeMarginByPricingModel([costly], [loss], range)[0]).toMatchObject({ marginMinor: -2_000, margin: { basisPoints: -20_000, percent: "-200.00" } });
  });

  test("a deliverable of a mandate that was not given is a caller's error", () => {
    expect(() => computeMarginByPricingModel([M2], [P1], range)).toThrow(/mandate M1/);
  });
});

test("an empty portfolio answers 'no data' and empty lists, never 0 %", () => {
  const kpis = computePortfolioKpis({ mandates: [], deliverables: [], playbookUsage: [], range: { from: at("2026-03-01"), to: at("2026-03-31") } });
  expect(kpis).toEqual({
    range: { from: "2026-03-01", to: "2026-03-31" },
    onTimeRate: { kind: "no-data" },
    turnaround: { measured: 0, measuredV1: 0, averageHundredths: null, withSla: 0, averageSlaHundredths: null, withinSla: { kind: "no-data" }, byType: [] },
    deliveredPerMonth: [{ month: "2026-03", delivered: 0 }],
    mostUsedPlaybooks: [],
    marginByPricingModel: [],
  });
});

describe("from totals (what the database adds up, server/kpis/portfolio-sql.ts)", () => {
  test("turnaround from per-type sums equals the one from samples", () => {
    // contract: P2 10 days, SLA 5 → not within; memo: P1 3, P3 1, P4 1, P6 1 = 6 days, SLAs 3 + 2 + 2 = 7 (P4 none), 3 within
    const byType = [
      { deliverableType: "memo", measured: 4, sumDays: 6, withSla: 3, sumSla: 7, withinSla: 3, measuredV1: 0 },
      { deliverableType: "contract", measured: 1, sumDays: 10, withSla: 1, sumSla: 5, withinSla: 0, measuredV1: 1 },
      { deliverableType: "nothing measured", measured: 0, sumDays: 0, withSla: 0, sumSla: 0, withinSla: 0, measuredV1: 0 },
    ];
    expect(turnaroundFromTotals(byType)).toEqual(computeTurnaround(mandates, deliverables, range));
  });

  test("margin rows from sums equal the ones from deliverables", () => {
    // the same sums as the margin test above: CAPPED GBP P3; FIXED EUR P1 + P2 (+ P8 unmeasured); FIXED GBP P4 unmeasured
    const totals = [
      { pricingModel: "FIXED_PER_DELIVERABLE" as const, currency: "GBP", count: 0, fees: 0n, cost: 0n, unmeasured: 1, unmeasuredFees: 40_000n },
      { pricingModel: "FIXED_PER_DELIVERABLE" as const, currency: "EUR", count: 2, fees: 170_000n, cost: 155_000n, unmeasured: 1, unmeasuredFees: 10_000n },
      { pricingModel: "CAPPED" as const, currency: "GBP", count: 1, fees: 80_000n, cost: 30_000n, unmeasured: 0, unmeasuredFees: 0n },
    ];
    expect(marginRowsFromTotals(totals)).toEqual(computeMarginByPricingModel(mandates, deliverables, range));
  });

  test("monthly counts fill every month of the range and drop months outside it", () => {
    expect(deliveredPerMonthFromCounts([{ month: "2026-04", delivered: 2 }, { month: "2026-07", delivered: 9 }], range)).toEqual([
      { month: "2026-03", delivered: 0 },
      { month: "2026-04", delivered: 2 },
    ]);
  });
});
