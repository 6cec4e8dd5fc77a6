// The KPI definitions in words, as pages and exports write them beside the figures: the text of
// ADR 010's rules that delivery.ts, mandate-kpis.ts and portfolio-kpis.ts implement. One place,
// so a report and a dashboard never describe the same figure two ways; change it with them.

export type KpiDefinition = { term: string; definition: string };

export const KPI_DEFINITIONS = {
  delivered: {
    term: "Delivered",
    definition:
      "A deliverable that is Delivered or Accepted now, counted at its last delivery (or its acceptance when no delivery was recorded). A rejected deliverable counts as not delivered until it is delivered again.",
  },
  onTime: {
    term: "On time",
    definition:
      "Delivered on or before the due date agreed at the start (the baseline), any hour of that day (UTC). Deliverables without a due date are left out of the rate.",
  },
  turnaround: {
    term: "Turnaround",
    definition:
      "Business days (Monday to Friday, UTC) from the first time work started to the first delivery; a later rejection does not change it. Public holidays are not excluded.",
  },
  withinSla: {
    term: "Within service level",
    definition:
      "A turnaround no longer than the service level agreed for the deliverable's type; types without a service level count in the average turnaround only.",
  },
  budgetConsumed: {
    term: "Budget consumed",
    definition: "The fees of delivered deliverables against the agreed budget, in the mandate's currency.",
  },
} satisfies Record<string, KpiDefinition>;
