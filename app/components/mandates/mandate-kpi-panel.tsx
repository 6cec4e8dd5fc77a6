import type { PresentedMandateKpis } from "../../../server/kpis/index.ts";
import { BudgetBar, BurndownChart, StatusBarChart } from "~/components/charts";
import { formatRatio } from "~/utils/format";
import { KpiFigures } from "./kpi-figures";
import { KpiDefinitions } from "~/components/kpis/kpi-definitions";

/** One mandate's dashboard: on-time rate and budget as figures, then status, burn-down and budget charts. */
export function MandateKpiPanel({ mandateId, kpis }: { mandateId: string; kpis: PresentedMandateKpis }) {
  const { onTime, budget } = kpis;
  return (
    <section aria-labelledby="kpis-title">
      <div className="section-actions">
        <h2 id="kpis-title">KPIs</h2>
        {/* A download from the API, not a page: a full request, not client-side navigation. */}
        <a href={`/api/v1/mandates/${mandateId}/kpis?format=csv`} download>
          Export CSV
        </a>
      </div>
      <KpiFigures
        figures={[
          {
            label: "On-time rate",
            value: formatRatio(onTime.rate),
            hint: `${onTime.onTime} of ${onTime.delivered} delivered on time${onTime.awaitingRedelivery ? ` · ${onTime.awaitingRedelivery} awaiting redelivery` : ""}`,
          },
          { label: "Budget consumed", value: formatRatio(budget.consumed), hint: `${budget.formatted.consumed} of ${budget.formatted.agreed}` },
        ]}
      />
      <div className="chart-grid">
        <StatusBarChart data={kpis.byStatus} />
        <BurndownChart burndown={kpis.burndown} />
        <BudgetBar budget={budget} />
      </div>
      <KpiDefinitions definitions={kpis.definitions} />
    </section>
  );
}
