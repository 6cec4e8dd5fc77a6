// Budget burn: the budget consumed by the end of the period and by the end of each month before
// it, each by the KPI formula (computeBudget) over the deliverables as they stood that day —
// done or not by replaying their history (isDoneAtEndOfDay) — and money formatted once.
import { toDayNumber } from "../../calendars/day-numbers.ts";
import { definitionInWords } from "../../kpis/definitions.ts";
import { isDoneAtEndOfDay } from "../../kpis/delivery.ts";
import { computeBudget, type Budget } from "../../kpis/mandate-kpis.ts";
import { presentBudget, type PresentedBudget } from "../../kpis/presenter.ts";
import { KPI_DELIVERABLE_SELECT, toDeliverableInput } from "../../kpis/service.ts";
import type { DeliverableInput } from "../../kpis/types.ts";
import { currencyExponent, formatMoney } from "../../mandates/money.ts";
import type { ReportSection, SectionContext } from "./section.ts";

export type BudgetData = { atPeriodEnd: PresentedBudget; burn: { month: string; consumedMinor: number; consumed: string }[] };

/** The budget as it stood at the end of a UTC day: deliverables that existed then, done or not then. */
function budgetAt(mandate: SectionContext["mandate"], deliverables: readonly DeliverableInput[], end: Date): Budget {
  const day = toDayNumber(end);
  const asThen = deliverables
    .filter((d) => toDayNumber(d.createdAt) <= day)
    .map((d): DeliverableInput => ({ ...d, status: isDoneAtEndOfDay(d, day) ? "DELIVERED" : "NOT_STARTED" }));
  return computeBudget(mandate, asThen);
}

async function assemble({ db, mandate, period }: SectionContext): Promise<BudgetData> {
  const rows = await db.deliverable.findMany({ where: { mandateId: mandate.id }, select: KPI_DELIVERABLE_SELECT });
  const deliverables = rows.map(toDeliverableInput);
  return {
    atPeriodEnd: presentBudget(budgetAt(mandate, deliverables, period.range.to)),
    burn: period.trend.map(({ month, range }) => {
      const { consumedMinor } = budgetAt(mandate, deliverables, range.to);
      return { month, consumedMinor, consumed: formatMoney(consumedMinor, mandate.currency, { withCode: true }) };
    }),
  };
}

export const budgetSection: ReportSection<"budget", BudgetData> = {
  key: "budget",
  title: "Budget burn",
  assemble,
  blocks({ atPeriodEnd: b, burn }, { mandate }) {
    const consumed = b.consumed.kind === "ratio" ? `${b.consumed.percent} %` : "no data";
    return [
      {
        kind: "facts",
        items: [
          { label: "Agreed budget", value: b.formatted.agreed },
          { label: "Consumed by the end of the month", value: `${b.formatted.consumed} (${consumed})` },
          { label: "Remaining", value: b.formatted.remaining },
          ...(b.cap ? [{ label: "Over the cap", value: b.formatted.overCap ?? "" }] : []),
        ],
      },
      {
        kind: "chart",
        chart: {
          title: "Budget consumed by the end of each month",
          summary: `${consumed} of the budget consumed`,
          categories: burn.map((m) => m.month),
          series: [{ name: "Consumed", values: burn.map((m) => m.consumedMinor), labels: burn.map((m) => m.consumed) }],
          level: { name: "Agreed budget", value: b.agreedMinor, label: b.formatted.agreed },
          axisScale: 10 ** currencyExponent(mandate.currency),
        },
      },
      { kind: "definitions", items: [definitionInWords("budget")] },
    ];
  },
};
