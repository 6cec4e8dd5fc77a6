import { describe, expect, test } from "vitest";
import { prefillValues } from "./prefill.ts";

describe("prefill from a mandate", () => {
  test("names the templates use, dates as a lawyer writes them, money with its currency; unknowns left out", () => {
    const values = prefillValues({
      mandate: {
        title: "Supplier NDAs 2027",
        reference: "NW-2026-014",
        startDate: new Date("2026-12-01T00:00:00Z"),
        targetDate: null,
        currency: "EUR",
        budgetMinor: 1_250_000n,
        pricingModel: "FIXED_PER_PERIOD",
      },
      clientName: "Northwind Traders plc",
      providerName: "Precedent Legal LLP",
      projectManagerName: "Priya Shah",
      deliverable: { title: "Review of Acme NDA", type: "NDA review", dueDate: new Date("2026-12-04T00:00:00Z"), feeMinor: 45_000n },
      authorName: "Sam Lee",
      today: new Date("2026-11-27T23:30:00Z"),
    });
    expect(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value]))).toEqual({
      client_name: "Northwind Traders plc",
      provider_name: "Precedent Legal LLP",
      mandate_title: "Supplier NDAs 2027",
      mandate_reference: "NW-2026-014",
      start_date: "1 December 2026",
      fixed_fee: "EUR 12,500.00",
      budget: "EUR 12,500.00",
      currency: "EUR",
      project_manager: "Priya Shah",
      deliverable_title: "Review of Acme NDA",
      deliverable_type: "NDA review",
      deliverable_fee: "EUR 450.00",
      due_date: "4 December 2026",
      author_name: "Sam Lee",
      letter_date: "27 November 2026",
      memo_date: "27 November 2026",
      date: "27 November 2026",
    });
    expect(values.client_name?.source).toBe("client");
    expect(values.target_date).toBeUndefined();
  });
});
