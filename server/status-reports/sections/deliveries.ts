// Deliveries against service levels in the period, with the KPI definitions written beside them:
// the KPI formulas' own on-time rate, turnaround and monthly counts (server/kpis), over this
// mandate's deliverables, never a second definition of on time or turnaround.
import { toDayKey } from "../../calendars/day-numbers.ts";
import { definitionInWords } from "../../kpis/definitions.ts";
import { getFinalDeliveryAt, isDeliveredOnTime } from "../../kpis/delivery.ts";
import { computePortfolioOnTimeRate, computeTurnaround, countDeliveredPerMonth, type TurnaroundSummary } from "../../kpis/portfolio-kpis.ts";
import { formatBasisPoints } from "../../kpis/ratio.ts";
import { KPI_DELIVERABLE_SELECT, toDeliverableInput } from "../../kpis/service.ts";
import type { MandateInput, Ratio } from "../../kpis/types.ts";
import type { ReportSection, SectionContext } from "./section.ts";

type Delivery = { title: string; type: string; dueDate: string | null; deliveredOn: string; onTime: boolean | null };
type MonthFigures = { month: string; delivered: number; onTime: number; withinSla: number };

export type DeliveriesData = {
  delivered: Delivery[];
  onTime: Ratio;
  turnaround: TurnaroundSummary & { byType: ({ deliverableType: string; sla: number | null } & TurnaroundSummary)[] };
  trend: MonthFigures[];
};

const ratioText = (r: Ratio) => (r.kind === "no-data" ? "no data" : `${r.percent} % (${r.numerator} of ${r.denominator})`);
const days = (hundredths: number | null) => (hundredths === null ? "no data" : `${formatBasisPoints(hundredths)} business days`);
const numerator = (r: Ratio) => (r.kind === "ratio" ? r.numerator : 0);

async function assemble({ db, mandate, period }: SectionContext): Promise<DeliveriesData> {
  const rows = await db.deliverable.findMany({ where: { mandateId: mandate.id }, select: { ...KPI_DELIVERABLE_SELECT, title: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const deliverables = rows.map(toDeliverableInput);
  const input: MandateInput = mandate;
  const turnaround = computeTurnaround([input], deliverables, period.range);
  const trendRange = { from: period.trend[0]!.range.from, to: period.range.to };
  const perMonth = countDeliveredPerMonth(deliverables, trendRange);
  const [first, last] = [toDayKey(period.range.from), toDayKey(period.range.to)];
  const inPeriod = (at: Date) => toDayKey(at) >= first && toDayKey(at) <= last;
  const delivered: Delivery[] = [];
  rows.forEach((row, i) => {
    const at = getFinalDeliveryAt(deliverables[i]!);
    if (!at || !inPeriod(at)) return;
    const due = deliverables[i]!.dueDate;
    delivered.push({ title: row.title, type: row.type, dueDate: due ? toDayKey(due) : null, deliveredOn: toDayKey(at), onTime: isDeliveredOnTime(deliverables[i]!, at) });
  });
  delivered.sort((a, b) => (a.deliveredOn < b.deliveredOn ? -1 : a.deliveredOn > b.deliveredOn ? 1 : a.title.localeCompare(b.title)));
  const slaOf = (type: string) => mandate.serviceLevels.find((l) => l.deliverableType.toLowerCase() === type.toLowerCase())?.turnaroundBusinessDays ?? null;
  return {
    delivered,
    onTime: computePortfolioOnTimeRate(deliverables, period.range),
    turnaround: { ...turnaround, byType: turnaround.byType.map((t) => ({ ...t, sla: slaOf(t.deliverableType) })) },
    trend: period.trend.map(({ month, range }) => ({
      month,
      delivered: perMonth.find((m) => m.month === month)?.delivered ?? 0,
      onTime: numerator(computePortfolioOnTimeRate(deliverables, range)),
      withinSla: numerator(computeTurnaround([input], deliverables, range).withinSla),
    })),
  };
}

export const deliveriesSection: ReportSection<"deliveries", DeliveriesData> = {
  key: "deliveries",
  title: "Deliveries against service levels",
  assemble,
  blocks(data) {
    const count = (values: number[]) => values.map(String);
    return [
      {
        kind: "facts",
        items: [
          { label: "Delivered this month", value: String(data.delivered.length) },
          { label: "On time", value: ratioText(data.onTime) },
          { label: "Average turnaround", value: days(data.turnaround.averageHundredths) },
          { label: "Within service level", value: ratioText(data.turnaround.withinSla) },
        ],
      },
      {
        kind: "chart",
        chart: {
          title: "Deliveries against service levels per month",
          summary: `${data.delivered.length} delivered this month`,
          categories: data.trend.map((m) => m.month),
          series: [
            { name: "Delivered", values: data.trend.map((m) => m.delivered), labels: count(data.trend.map((m) => m.delivered)) },
            { name: "On time", values: data.trend.map((m) => m.onTime), labels: count(data.trend.map((m) => m.onTime)) },
            { name: "Within service level", values: data.trend.map((m) => m.withinSla), labels: count(data.trend.map((m) => m.withinSla)) },
          ],
          level: null,
          axisScale: 1,
        },
      },
      {
        kind: "table",
        caption: "Turnaround by type",
        columns: ["Type", "Service level", "Measured", "Average turnaround", "Within service level"],
        rows: data.turnaround.byType.map((t) => [t.deliverableType, t.sla === null ? "none agreed" : `${t.sla} business days`, String(t.measured), days(t.averageHundredths), ratioText(t.withinSla)]),
        empty: "No turnaround measured this month.",
      },
      {
        kind: "table",
        caption: "Delivered this month",
        columns: ["Deliverable", "Type", "Due", "Delivered", "On time"],
        rows: data.delivered.map((d) => [d.title, d.type, d.dueDate ?? "no due date", d.deliveredOn, d.onTime === null ? "not judged" : d.onTime ? "yes" : "late"]),
        empty: "Nothing was delivered this month.",
      },
      {
        kind: "definitions",
        items: (["delivered", "onTime", "turnaround", "serviceLevel"] as const).map(definitionInWords),
      },
    ];
  },
};
