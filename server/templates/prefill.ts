import type { PricingModel } from "../db/generated/client.ts";
import { formatMoney } from "../mandates/money.ts";
import { isoDay, longDate } from "./dates.ts";

/** What a mandate, its client and the deliverable know, for a template's form. */
export type PrefillContext = {
  mandate: {
    title: string;
    reference: string;
    startDate: Date;
    targetDate: Date | null;
    currency: string;
    budgetMinor: bigint;
    pricingModel: PricingModel;
  };
  clientName: string;
  providerName: string;
  projectManagerName: string | null;
  deliverable: { title: string; type: string; dueDate: Date | null; feeMinor: bigint };
  authorName: string;
  today: Date;
};

/** A date also gives its day ("2026-11-27"), for a variable typed as a date, whose field holds one. */
export type PrefilledValue = { value: string; source: string; day?: string };

/** The pricing model as a letter names it. */
const FEE_BASIS: Record<PricingModel, string> = {
  FIXED_PER_DELIVERABLE: "fixed fee",
  FIXED_PER_PERIOD: "periodic fee",
  CAPPED: "capped fee",
};

/**
 * The fee clause of a letter, by pricing model: what the budget means differs (the whole fixed
 * fee, the fee for each period, or a cap on time charges), and so does who bears an overrun.
 */
function feeTerms(model: PricingModel, amount: string): string {
  switch (model) {
    case "FIXED_PER_DELIVERABLE":
      return `The fixed fee for the Services is ${amount} plus VAT. The fee does not change if the work takes us longer than we planned, within the scope and assumptions above: that risk is ours.`;
    case "FIXED_PER_PERIOD":
      return `The periodic fee for the Services is ${amount} plus VAT for each billing period, whatever the volume of work in that period within the scope and assumptions above.`;
    case "CAPPED":
      return `We charge for our time at our agreed hourly rates, capped at ${amount} plus VAT in total. We will not charge more than the cap without your prior written approval; if the work takes less time, you pay less.`;
  }
}

/**
 * Values for the variable names our templates use (playbooks/*.md), where the mandate knows the
 * answer. A name the template does not use is ignored; one it uses but that is not here is left
 * for the user. Money is written with its currency code ("EUR 12,500.00"), dates as a letter
 * writes them ("1 December 2026").
 *
 * The fee depends on the mandate's pricing model (ADR 022): `fee_terms` is the whole fee clause
 * for that model and `fee_basis` its name; `fee_amount` is the budget whatever the model, while
 * `fixed_fee`, `period_fee` and `fee_cap` are given only under their own model, so a template
 * that says "fixed fee" on a capped mandate shows a blank instead of misstating the fee.
 */
export function prefillValues(ctx: PrefillContext): Record<string, PrefilledValue> {
  const { mandate, deliverable } = ctx;
  const money = (minor: bigint) => formatMoney(minor, mandate.currency, { withCode: true });
  const { today } = ctx;
  const budget = money(mandate.budgetMinor);
  const entries: [string, string | Date | null, string][] = [
    ["client_name", ctx.clientName, "client"],
    // The starter NDA (playbooks/mutual-nda-template.md) is the client's: it is the first party,
    // and the agreement is dated as drafted until someone changes it. The counterparty is
    // nowhere in a mandate, so the second party is left for the user.
    ["party_a_name", ctx.clientName, "client"],
    ["effective_date", today, "today"],
    ["provider_name", ctx.providerName, "your organisation"],
    ["mandate_title", mandate.title, "mandate"],
    ["mandate_reference", mandate.reference, "mandate"],
    ["start_date", mandate.startDate, "mandate"],
    ["target_date", mandate.targetDate, "mandate"],
    ["fee_basis", FEE_BASIS[mandate.pricingModel], "mandate pricing model"],
    ["fee_terms", feeTerms(mandate.pricingModel, budget), "mandate pricing model and budget"],
    ["fee_amount", budget, "mandate budget"],
    ["fixed_fee", mandate.pricingModel === "FIXED_PER_DELIVERABLE" ? budget : null, "mandate budget (fixed fee)"],
    ["period_fee", mandate.pricingModel === "FIXED_PER_PERIOD" ? budget : null, "mandate budget (periodic fee)"],
    ["fee_cap", mandate.pricingModel === "CAPPED" ? budget : null, "mandate budget (cap)"],
    ["budget", budget, "mandate budget"],
    ["currency", mandate.currency, "mandate"],
    ["project_manager", ctx.projectManagerName, "mandate"],
    ["deliverable_title", deliverable.title, "deliverable"],
    ["deliverable_type", deliverable.type, "deliverable"],
    ["deliverable_fee", money(deliverable.feeMinor), "deliverable"],
    ["due_date", deliverable.dueDate, "deliverable"],
    ["author_name", ctx.authorName, "you"],
    ["letter_date", today, "today"],
    ["memo_date", today, "today"],
    ["date", today, "today"],
  ];
  return Object.fromEntries(
    entries.flatMap(([name, value, source]): [string, PrefilledValue][] => {
      if (!value) return [];
      return [[name, value instanceof Date ? { value: longDate.format(value), day: isoDay(value), source } : { value, source }]];
    }),
  );
}
