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
      party_a_name: "Northwind Traders plc",
      effective_date: "27 November 2026",
      provider_name: "Precedent Legal LLP",
      mandate_title: "Supplier NDAs 2027",
      mandate_reference: "NW-2026-014",
      start_date: "1 December 2026",
      fee_basis: "periodic fee",
      fee_terms:
        "The periodic fee for the Services is EUR 12,500.00 plus VAT for each billing period, whatever the volume of work in that period within the scope and assumptions above.",
      fee_amount: "EUR 12,500.00",
      period_fee: "EUR 12,500.00",
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
    // A date also gives its day, for a variable typed as a date.
    expect(values.start_date).toMatchObject({ day: "2026-12-01" });
    expect(values.letter_date).toMatchObject({ day: "2026-11-27" });
    expect(values.client_name).not.toHaveProperty("day");
    expect(values.target_date).toBeUndefined();
  });

  describe("the fee follows the mandate's pricing model", () => {
    const base = {
      clientName: "Northwind Traders plc",
      providerName: "Precedent Legal LLP",
      projectManagerName: null,
      deliverable: { title: "Review", type: "NDA review", dueDate: null, feeMinor: 0n },
      authorName: "Sam Lee",
      today: new Date("2026-11-27T12:00:00Z"),
    };
    const feeValues = (pricingModel: "FIXED_PER_DELIVERABLE" | "FIXED_PER_PERIOD" | "CAPPED") => {
      const values = prefillValues({
        ...base,
        mandate: { title: "M", reference: "R", startDate: new Date("2026-12-01"), targetDate: null, currency: "GBP", budgetMinor: 4_000_000n, pricingModel },
      });
      return Object.fromEntries(Object.entries(values).filter(([name]) => /fee|budget/.test(name)).map(([k, v]) => [k, v.value]));
    };

    test("a fixed-fee mandate states a fixed fee, and offers no cap or period fee", () => {
      const values = feeValues("FIXED_PER_DELIVERABLE");
      expect(values).toMatchObject({ fee_basis: "fixed fee", fixed_fee: "GBP 40,000.00", fee_amount: "GBP 40,000.00", budget: "GBP 40,000.00" });
      expect(values.fee_terms).toMatch(/^The fixed fee for the Services is GBP 40,000\.00 plus VAT\. The fee does not change/);
      expect(values).not.toHaveProperty("fee_cap");
      expect(values).not.toHaveProperty("period_fee");
    });

    test("a capped mandate states a cap on time charges, never a fixed fee", () => {
      const values = feeValues("CAPPED");
      expect(values).toMatchObject({ fee_basis: "capped fee", fee_cap: "GBP 40,000.00" });
      expect(values.fee_terms).toContain("capped at GBP 40,000.00 plus VAT");
      expect(values.fee_terms).not.toMatch(/fixed fee/i);
      expect(values).not.toHaveProperty("fixed_fee");
      expect(values).not.toHaveProperty("period_fee");
    });

    test("a periodic mandate states the fee for each period, never a one-off fixed fee", () => {
      const values = feeValues("FIXED_PER_PERIOD");
      expect(values).toMatchObject({ fee_basis: "periodic fee", period_fee: "GBP 40,000.00" });
      expect(values.fee_terms).toContain("GBP 40,000.00 plus VAT for each billing period");
      expect(values.fee_terms).not.toMatch(/fixed fee|cap/i);
      expect(values).not.toHaveProperty("fixed_fee");
      expect(values).not.toHaveProperty("fee_cap");
    });
  });
});
