// Server-rendered like a Remix loader's page: the charts must come out as full SVG with no
// browser, no measuring and no effects, and each must carry its numbers as a table.
// (A .ts file with createElement: vitest.config.ts collects app tests as *.test.ts.)
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { computeBudget, computeBurndown, countDeliverablesByStatus, presentBudget } from "../../../server/kpis/index.ts";
import { at, buildDeliverable, buildMandate } from "../../../server/kpis/test-fixtures.ts";
import { BudgetBar, BurndownChart, MonthlyBarChart, RankedBarChart, StatusBarChart } from "./index";

const mandate = buildMandate({ id: "m1", pricingModel: "CAPPED", budgetMinor: 30_000 });
const deliverables = [
  buildDeliverable({ id: "a", feeMinor: 20_000, history: [["IN_PROGRESS", "2026-03-02 09:00"], ["DELIVERED", "2026-03-03 10:00"]] }),
  buildDeliverable({ id: "b", feeMinor: 15_000, history: [["DELIVERED", "2026-03-04 10:00"], ["REJECTED", "2026-03-05 10:00"]] }),
  buildDeliverable({ id: "c", feeMinor: 20_000, history: [["DELIVERED", "2026-03-05 10:00"]] }),
  buildDeliverable({ id: "d", feeMinor: 5_000 }),
];

/** The visually hidden table's cells, in order, tags stripped. */
function tableCells(html: string): string[] {
  const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
  return [...table.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&"));
}

describe("charts render on the server", () => {
  test("StatusBarChart: a bar per status, labelled, inside a named figure with its table", () => {
    const html = renderToString(h(StatusBarChart, { data: countDeliverablesByStatus(deliverables) }));
    expect(html).toMatch(/^<figure class="chart">/);
    expect(html).toContain("<figcaption");
    expect(html).toContain("Deliverables by status");
    expect(html).toContain('<svg class="chart-svg"');
    expect(html).toContain('aria-hidden="true"');
    expect(html.match(/<rect class="visx-bar chart-bar"/g)).toHaveLength(9);
    for (const label of ["Requested", "Declined", "Not started", "In progress", "In review", "Waiting on client", "Delivered", "Accepted", "Rejected"]) expect(html).toContain(label);
    // d not started, a + c delivered, b rejected
    expect(tableCells(html)).toEqual([
      "Status", "Deliverables",
      "Requested", "0", "Declined", "0", "Not started", "1", "In progress", "0", "In review", "0", "Waiting on client", "0", "Delivered", "2", "Accepted", "0", "Rejected", "1",
    ]);
    expect(html).toContain('class="visually-hidden"');
  });

  test("BurndownChart: an actual and an ideal line over dates, with a legend", () => {
    const burndown = computeBurndown(mandate, deliverables, at("2026-03-04 12:00"), "day");
    const html = renderToString(h(BurndownChart, { burndown }));
    expect(html).toMatch(/<path class="visx-linepath chart-line chart-line-ideal" d="M/);
    expect(html).toMatch(/<path class="visx-linepath chart-line chart-line-actual" d="M/);
    expect(html).toContain("2 Mar");
    expect(html).toContain("Ideal");
    // end of Mon 2: 4 open; Tue 3: a delivered → 3; Wed 4: b delivered too → 2; later days not yet
    expect(tableCells(html).slice(0, 9)).toEqual(["Date", "Open", "Ideal", "2 Mar", "4", "4", "3 Mar", "3", "3"]);
    expect(tableCells(html).slice(12, 15)).toEqual(["5 Mar", "—", "1"]);
    expect(html).toContain("2 of 4 open on 4 Mar");
  });

  test("BurndownChart: a mandate without a target date draws no ideal line and lists no ideal column", () => {
    const open = buildMandate({ id: "m2", targetDate: null });
    const burndown = computeBurndown(open, deliverables, at("2026-03-04 12:00"), "day");
    expect(burndown.hasIdeal).toBe(false);
    const html = renderToString(h(BurndownChart, { burndown }));
    expect(html).toMatch(/<path class="visx-linepath chart-line chart-line-actual" d="M/);
    expect(html).not.toContain("chart-line-ideal");
    expect(html).not.toContain("Ideal");
    // The same counts as above, without the placeholder zeros of an ideal that does not exist.
    expect(tableCells(html).slice(0, 8)).toEqual(["Date", "Open", "2 Mar", "4", "3 Mar", "3", "4 Mar", "2"]);
  });

  test("BudgetBar: consumed against the cap, in the mandate's currency", () => {
    // consumed a + c = 40,000 of a 30,000 cap → 133.33 %, over by 10,000
    const html = renderToString(h(BudgetBar, { budget: presentBudget(computeBudget(mandate, deliverables)) }));
    expect(html).toContain("EUR 400.00 of EUR 300.00 (133.33 %)");
    expect(html).toContain("chart-bar-over");
    expect(tableCells(html)).toContain("Over the cap");
    expect(tableCells(html)).toContain("EUR 100.00");
  });

  test("MonthlyBarChart: a bar per month with month names", () => {
    const html = renderToString(
      h(MonthlyBarChart, { data: [{ month: "2026-03", delivered: 3 }, { month: "2026-04", delivered: 0 }, { month: "2026-05", delivered: 2 }] }),
    );
    expect(html.match(/<rect class="visx-bar chart-bar"/g)).toHaveLength(3);
    expect(html).toContain("Mar 2026");
    expect(html).toContain("5 delivered");
    expect(tableCells(html)).toEqual(["Month", "Delivered", "Mar 2026", "3", "Apr 2026", "0", "May 2026", "2"]);
  });

  test("RankedBarChart: long titles in full, largest first, bars in proportion (a vertical axis overlapped them)", () => {
    const long = "SaaS contract review playbook for enterprise customers (England and Wales)";
    const html = renderToString(
      h(RankedBarChart, {
        title: "Most-used playbooks",
        bars: [
          { key: "a", label: "NDA playbook", count: 1 },
          { key: "b", label: long, count: 4 },
        ],
        columnLabel: "Playbook",
        valueLabel: "Links",
      }),
    );
    const labels = [...html.matchAll(/<span class="ranked-bar-label">(.*?)<\/span>/g)].map((m) => m[1]);
    expect(labels).toEqual([long, "NDA playbook"]);
    expect([...html.matchAll(/width:(\d+)%/g)].map((m) => Number(m[1]))).toEqual([100, 25]);
    expect(tableCells(html)).toEqual(["Playbook", "Links", long, "4", "NDA playbook", "1"]);
  });

  test("with no data a chart says so in words instead of drawing empty axes", () => {
    const html = renderToString(h(StatusBarChart, { data: countDeliverablesByStatus([]) }));
    expect(html).toContain("No deliverables yet.");
    expect(html).not.toContain("<svg");
    const budget = renderToString(h(BudgetBar, { budget: presentBudget(computeBudget(buildMandate({ id: "m1", budgetMinor: 0 }), [])) }));
    expect(budget).toContain("(no data)");
  });
});
