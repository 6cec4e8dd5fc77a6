import type { StatusCount } from "../../../server/kpis/index.ts";
import { DELIVERABLE_STATUS_LABELS } from "../mandates/labels";
import { CountBarChart } from "./count-bar-chart";

/** A mandate's deliverables by status (computeMandateKpis(...).byStatus), every status in workflow order. */
export function StatusBarChart({ data, title = "Deliverables by status" }: { data: readonly StatusCount[]; title?: string }) {
  const total = data.reduce((sum, d) => sum + d.count, 0);
  return (
    <CountBarChart
      title={title}
      summary={`${total} ${total === 1 ? "deliverable" : "deliverables"}`}
      bars={data.map((d) => ({ key: d.status, label: DELIVERABLE_STATUS_LABELS[d.status], count: d.count }))}
      columnLabel="Status"
      valueLabel="Deliverables"
      emptyText="No deliverables yet."
    />
  );
}
