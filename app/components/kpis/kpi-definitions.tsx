import type { KpiDefinition } from "../../../server/kpis/definitions.ts";

/** What each KPI on the page measures, under which version of its definition (ADR 041): the same text the CSV export carries. */
export function KpiDefinitions({ definitions, note }: { definitions: KpiDefinition[]; note?: string }) {
  return (
    <details className="kpi-definitions">
      <summary>How these KPIs are measured</summary>
      <dl>
        {definitions.map((d) => (
          <div key={d.id}>
            <dt>
              {d.name} ({d.version})
            </dt>
            <dd>{d.text}</dd>
          </div>
        ))}
      </dl>
      {note ? <p className="hint">{note}</p> : null}
    </details>
  );
}
