import type { PricingModel } from "../db/generated/client.ts";
import { formatMoney } from "../mandates/money.ts";

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

export type PrefilledValue = { value: string; source: string };

/** "27 November 2026": dates as a lawyer writes them in a letter, in UTC as the app stores days. */
const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Values for the variable names our templates use (playbooks/*.md), where the mandate knows the
 * answer. A name the template does not use is ignored; one it uses but that is not here is left
 * for the user. Money is written with its currency code ("EUR 12,500.00"); the fixed fee of a
 * mandate is its agreed budget (the period fee, or the cap).
 */
export function prefillValues(ctx: PrefillContext): Record<string, PrefilledValue> {
  const { mandate, deliverable } = ctx;
  const money = (minor: bigint) => formatMoney(minor, mandate.currency, { withCode: true });
  const today = longDate.format(ctx.today);
  const entries: [string, string | null, string][] = [
    ["client_name", ctx.clientName, "client"],
    ["provider_name", ctx.providerName, "your organisation"],
    ["mandate_title", mandate.title, "mandate"],
    ["mandate_reference", mandate.reference, "mandate"],
    ["start_date", longDate.format(mandate.startDate), "mandate"],
    ["target_date", mandate.targetDate ? longDate.format(mandate.targetDate) : null, "mandate"],
    ["fixed_fee", money(mandate.budgetMinor), "mandate budget"],
    ["budget", money(mandate.budgetMinor), "mandate budget"],
    ["currency", mandate.currency, "mandate"],
    ["project_manager", ctx.projectManagerName, "mandate"],
    ["deliverable_title", deliverable.title, "deliverable"],
    ["deliverable_type", deliverable.type, "deliverable"],
    ["deliverable_fee", money(deliverable.feeMinor), "deliverable"],
    ["due_date", deliverable.dueDate ? longDate.format(deliverable.dueDate) : null, "deliverable"],
    ["author_name", ctx.authorName, "you"],
    ["letter_date", today, "today"],
    ["memo_date", today, "today"],
    ["date", today, "today"],
  ];
  return Object.fromEntries(entries.flatMap(([name, value, source]) => (value ? [[name, { value, source }]] : [])));
}
