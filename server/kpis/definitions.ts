// What each KPI measures, in words, with the version of its definition: printed on every KPI page
// and in every export, so a figure can be checked against what it claims (ADR 041). A definition
// that changes gets a new version; figures already stored under an older one say so.

export type KpiDefinition = { id: KpiId; name: string; version: string; text: string };

export const KPI_DEFINITIONS = {
  delivered: {
    name: "Delivered",
    version: "v1",
    text: "deliverables Delivered or Accepted now, counted at their last delivery (or their acceptance when no delivery was recorded); a rejected one counts as not delivered until it is delivered again",
  },
  onTime: {
    name: "On-time rate",
    version: "v1",
    text: "deliveries whose final delivery falls on or before the baseline due date (the due date in force at the first delivery; due dates move only with a reason, never after delivery), over the deliveries that had a due date",
  },
  turnaround: {
    name: "Turnaround",
    version: "v2",
    text: "requested (or created, for work the provider added) → first delivery, business days of the mandate's calendar, waiting on client excluded",
  },
  serviceLevel: {
    name: "Service level",
    version: "v2",
    text: "share of measured deliverables whose turnaround is within the mandate's service level for their type",
  },
  burnDown: {
    name: "Burn-down",
    version: "v1",
    text: "deliverables not yet finally delivered at the end of each day, against a straight line from the start to the target date",
  },
  budget: {
    name: "Budget burn",
    version: "v1",
    text: "fees of deliverables delivered or accepted, against the agreed budget",
  },
  margin: {
    name: "Margin",
    version: "v1",
    text: "fees minus the cost of the time entered (each entry at the rate card valid on its day for the person's role), over delivered deliverables whose time is all rated; the others are counted as unmeasured",
  },
} as const satisfies Record<string, Omit<KpiDefinition, "id">>;

export type KpiId = keyof typeof KPI_DEFINITIONS;

/** The older turnaround definition, still stored on deliveries made before v2 (ADR 041). */
export const TURNAROUND_V1_TEXT = "first In progress → first delivery, Monday to Friday UTC days, no holidays, waiting included";

export function kpiDefinition(id: KpiId): KpiDefinition {
  return { id, ...KPI_DEFINITIONS[id] };
}

/** A definition as a status report writes it (ADR 040): its name, and its words with the version. */
export function definitionInWords(id: KpiId): { term: string; definition: string } {
  const d = KPI_DEFINITIONS[id];
  return { term: d.name, definition: `${d.text.charAt(0).toUpperCase()}${d.text.slice(1)} (definition ${d.version}).` };
}

/** "Turnaround (v2: requested → first delivery, …)". */
export function kpiLabel(id: KpiId): string {
  const d = KPI_DEFINITIONS[id];
  return `${d.name} (${d.version}: ${d.text})`;
}

/** What a set of turnaround figures was measured under: all the current definition, or some of them v1. */
export function turnaroundMeasuredUnder(measured: number, measuredV1: number): string {
  const current = `${KPI_DEFINITIONS.turnaround.version}`;
  if (measuredV1 === 0 || measured === 0) return `all ${measured} measured under ${current}`;
  if (measuredV1 === measured) return `all ${measured} measured under v1 (${TURNAROUND_V1_TEXT})`;
  return `${measured - measuredV1} of ${measured} measured under ${current}, ${measuredV1} under v1 (${TURNAROUND_V1_TEXT})`;
}
