import { expect, test } from "vitest";
import { toCsv } from "./csv.ts";
import { mandateKpisToCsvRows, portfolioKpisToCsvRows } from "./export.ts";
import { computeMandateKpis } from "./mandate-kpis.ts";
import { computePortfolioKpis } from "./portfolio-kpis.ts";
import { at, buildDeliverable, buildMandate } from "./test-fixtures.ts";

test("a mandate's KPIs as CSV: shares as numbers, money in minor units with its currency", () => {
  const mandate = buildMandate({ id: "m1", pricingModel: "CAPPED", budgetMinor: 30_000 });
  // two deliverables of 20,000: one delivered on time Tue 3 (due Fri 6), one not started
  const done = buildDeliverable({ id: "a", feeMinor: 20_000, history: [["DELIVERED", "2026-03-03 10:00"]] });
  const open = buildDeliverable({ id: "b", feeMinor: 20_000 });
  const csv = toCsv(mandateKpisToCsvRows(computeMandateKpis(mandate, [done, open], at("2026-03-03 12:00"))));
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("kpi,item,value,unit,numerator,denominator,currency");
  expect(lines).toContain("deliverables by status,DELIVERED,1,deliverables,,,");
  expect(lines).toContain("on-time rate,,100,%,1,1,"); // 1 of 1
  expect(lines).toContain("budget consumed share,,66.67,%,20000,30000,EUR"); // 20,000 of 30,000
  expect(lines).toContain("cap billable,,20000,minor units,,,EUR");
  expect(lines).toContain("burn-down remaining,2026-03-02,2,deliverables,,,");
  expect(lines).toContain("burn-down remaining,2026-03-04,no data,deliverables,,,"); // after "today"
  // Each KPI says what it measures, under which version of its definition (ADR 041).
  expect(lines.filter((l) => l.startsWith("definition,"))).toEqual([
    expect.stringMatching(/^definition,On-time rate,"v1: deliveries whose final delivery/),
    expect.stringMatching(/^definition,Budget burn,"v1: /),
    expect.stringMatching(/^definition,Burn-down,"v1: /),
  ]);
});

test("a mandate without a target date exports no ideal line, and undated deliveries apart", () => {
  const openEnded = buildMandate({ id: "m1", targetDate: null });
  const undated = buildDeliverable({ id: "u", dueDate: null, history: [["DELIVERED", "2026-03-03 10:00"]] });
  const lines = toCsv(mandateKpisToCsvRows(computeMandateKpis(openEnded, [undated], at("2026-03-03 12:00")))).split("\r\n");
  expect(lines.some((l) => l.startsWith("burn-down ideal"))).toBe(false);
  expect(lines).toContain("burn-down remaining,2026-03-03,0,deliverables,,,");
  expect(lines).toContain("on-time rate,,no data,%,,,");
  expect(lines).toContain("delivered without due date,,1,deliverables,,,");
});

test("after an approved change request the CSV has the budget baseline, the baseline line and the change (ADR 043)", () => {
  // 2 deliverables, one added by the change approved Wed 4 with the target moved from Fri 6 to Mon 9.
  const changed = buildMandate({
    id: "m1",
    targetDate: at("2026-03-09"),
    budgetMinor: 40_000,
    baselineBudgetMinor: 30_000,
    baselineTargetDate: at("2026-03-06"),
    scopeChanges: [{ approvedAt: at("2026-03-04 10:00"), addedDeliverables: 1, targetDate: at("2026-03-09") }],
  });
  const lines = toCsv(mandateKpisToCsvRows(computeMandateKpis(changed, [buildDeliverable({ id: "a" }), buildDeliverable({ id: "b" })], at("2026-03-03 12:00")))).split("\r\n");
  expect(lines).toContain("budget baseline,,30000,minor units,,,EUR");
  // The first plan: 1 deliverable from Mon 2 to Fri 6; Wed 4 it had 0.5 left, + 1 = 1.5 to 0 on Mon 9.
  expect(lines).toContain("burn-down baseline,2026-03-04,0.5,deliverables,,,");
  expect(lines).toContain("burn-down ideal,2026-03-04,1.5,deliverables,,,");
  expect(lines).toContain("burn-down change approved,2026-03-04,1,deliverables added,,,");
});

test("a portfolio's KPIs as CSV: 'no data' spelled out, negative margins stay numbers, titles neutralised", () => {
  const mandate = buildMandate({ id: "m1" });
  // fee 1,000, cost 3,000 (60 min at 3,000/h) → margin −200 %
  const loss = buildDeliverable({ id: "l", feeMinor: 1_000, costMinor: 3_000, history: [["DELIVERED", "2026-03-03 10:00"]] });
  const kpis = computePortfolioKpis({
    mandates: [mandate],
    deliverables: [loss],
    playbookUsage: [{ documentId: "d1", title: "=cmd|' /C calc'!A0", linkCount: 2 }],
    range: { from: at("2026-03-01"), to: at("2026-03-31") },
  });
  const lines = toCsv(portfolioKpisToCsvRows(kpis)).split("\r\n");
  expect(lines).toContain("margin,FIXED_PER_DELIVERABLE,-200,%,-2000,1000,EUR");
  expect(lines).toContain("average turnaround,,no data,business days,,0,"); // never marked IN_PROGRESS
  expect(lines).toContain("within service level,,no data,%,,,");
  expect(lines).toContain("playbook links,'=cmd|' /C calc'!A0,2,links,,,");
  expect(lines).toContain("delivered per month,2026-03,1,deliverables,,,");
  expect(lines).toContain(
    "definition,Turnaround,\"v2: requested (or created, for work the provider added) → first delivery, business days of the mandate's calendar, waiting on client excluded\",,,,",
  );
  expect(lines.some((l) => l.startsWith("definition,Margin,\"v1: "))).toBe(true);
});

test("a portfolio export says how many turnarounds the old clock measured", () => {
  const mandate = buildMandate({ id: "m1" });
  const old = buildDeliverable({ id: "o", turnaroundBusinessDays: 4, turnaroundDefinition: "v1", history: [["DELIVERED", "2026-03-03 10:00"]] });
  const now = buildDeliverable({ id: "n", turnaroundBusinessDays: 2, turnaroundDefinition: "v2", history: [["DELIVERED", "2026-03-04 10:00"]] });
  const kpis = computePortfolioKpis({ mandates: [mandate], deliverables: [old, now], playbookUsage: [], range: { from: at("2026-03-01"), to: at("2026-03-31") } });
  const lines = toCsv(portfolioKpisToCsvRows(kpis, false)).split("\r\n");
  expect(lines).toContain("average turnaround,,3,business days,,2,");
  expect(lines.find((l) => l.startsWith("turnaround measured under v1,"))).toMatch(/^turnaround measured under v1,"1 of 2 measured under v2, 1 under v1 \(first In progress → first delivery, .*\)",1,deliverables,,2,$/);
  expect(lines.some((l) => l.startsWith("definition,Margin,"))).toBe(false); // a client's export: no margins, no margin definition
});
