import { expect, test } from "vitest";
import { computeBudget } from "./mandate-kpis.ts";
import { computePortfolioKpis } from "./portfolio-kpis.ts";
import { presentBudget, presentPortfolioKpis } from "./presenter.ts";
import { at, buildDeliverable, buildMandate } from "./test-fixtures.ts";

test("money leaves the server formatted once, with its currency code", () => {
  // CAPPED at 300.00 EUR, one deliverable of 400.00 delivered → over the cap by 100.00
  const mandate = buildMandate({ id: "m1", pricingModel: "CAPPED", budgetMinor: 30_000n });
  const done = buildDeliverable({ id: "a", feeMinor: 40_000n, history: [["DELIVERED", "2026-03-03 10:00"]] });
  expect(presentBudget(computeBudget(mandate, [done])).formatted).toEqual({
    agreed: "EUR 300.00", consumed: "EUR 400.00", remaining: "EUR -100.00", planned: "EUR 400.00", billable: "EUR 300.00", overCap: "EUR 100.00",
  });
});

test("margin rows carry formatted fees, cost and margin in their own currency", () => {
  // JPY has no minor unit: fee ¥10,000, 120 min at ¥3,000/h → cost ¥6,000, margin ¥4,000 (40.00 %)
  const mandate = buildMandate({ id: "m1", currency: "JPY" });
  const d = buildDeliverable({ id: "a", feeMinor: 10_000, costMinor: 6_000, history: [["DELIVERED", "2026-03-03 10:00"]] });
  const kpis = presentPortfolioKpis(
    computePortfolioKpis({ mandates: [mandate], deliverables: [d], playbookUsage: [], range: { from: at("2026-03-01"), to: at("2026-03-31") } }),
  );
  expect(kpis.marginByPricingModel[0]).toMatchObject({
    margin: { percent: "40.00" },
    formatted: { fees: "JPY 10,000", cost: "JPY 6,000", margin: "JPY 4,000" },
  });
});
