import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isInvalidRequest } from "~/utils/action-error.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MonthlyBarChart, RankedBarChart } from "~/components/charts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { KpiFigures, formatHundredths } from "~/components/mandates/kpi-figures";
import { PRICING_MODEL_LABELS, type PricingModelKey } from "~/components/mandates/labels";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { ClientFilterField } from "~/components/kpis/client-filter-field";
import { KpiDefinitions } from "~/components/kpis/kpi-definitions";
import { formatRatio } from "~/utils/format";
import chartsStylesHref from "~/styles/charts.css?url";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";
import { pickQueryParams } from "~/utils/query-params";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
  { rel: "stylesheet", href: chartsStylesHref },
];

export const meta: MetaFunction = () => [{ title: "Portfolio dashboard · Precedent" }];

const FILTERS = ["from", "to", "client"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const query = pickQueryParams(request, FILTERS);
  const { kpis: kpiService, mandates } = context.services;
  let kpis;
  let filterError: string | undefined;
  try {
    kpis = await kpiService.portfolioKpis(viewer, query);
  } catch (error) {
    // A bad range or an unknown client: say so, and show the default range for every client.
    if (!isInvalidRequest(error)) errorResponse(error);
    filterError = "Some filters in this address are not valid, so they were ignored.";
    kpis = await kpiService.portfolioKpis(viewer, {});
  }
  const clients = await mandates.listClientOrganizations(viewer);
  return { query, filterError, kpis, clients };
}

export default function PortfolioDashboard() {
  const { query, filterError, kpis, clients } = useLoaderData<typeof loader>();
  const { turnaround } = kpis;
  const csv = new URLSearchParams({ from: kpis.range.from, to: kpis.range.to, ...(kpis.client ? { client: kpis.client.id } : {}), format: "csv" });
  return (
    <>
      <div className="page-header">
        <h1>Portfolio dashboard</h1>
        {/* A download from the API, not a page: a full request, not client-side navigation. */}
        <a href={`/api/v1/kpis?${csv.toString()}`} download>
          Export CSV
        </a>
      </div>
      <Form method="get" className="filters" aria-label="Dashboard range and client">
        <FormError error={filterError} />
        <FormField label="From" name="from" type="date" defaultValue={query.from ?? kpis.range.from} />
        <FormField label="To" name="to" type="date" defaultValue={query.to ?? kpis.range.to} />
        <ClientFilterField clients={clients} value={query.client} />
        <div className="filters-actions">
          <button type="submit" className="button">
            Show
          </button>
          {query.from || query.to || query.client ? <Link to="/dashboard">Reset</Link> : null}
        </div>
      </Form>
      <p className="hint" role="status">
        {kpis.range.from} to {kpis.range.to}
        {kpis.client ? ` · ${kpis.client.name}` : " · every client"}
      </p>

      <KpiFigures
        figures={[
          { label: "On-time delivery rate", value: formatRatio(kpis.onTimeRate) },
          {
            label: "Average turnaround (business days)",
            value: formatHundredths(turnaround.averageHundredths),
            hint: kpis.turnaroundMeasuredUnder,
          },
          {
            label: "Average SLA (business days)",
            value: formatHundredths(turnaround.averageSlaHundredths),
            hint: `${turnaround.withSla} with a service level`,
          },
          { label: "Within SLA", value: formatRatio(turnaround.withinSla) },
        ]}
      />
      <KpiDefinitions definitions={kpis.definitions} note={`Turnaround: ${kpis.turnaroundMeasuredUnder}.`} />

      <div className="chart-grid">
        <MonthlyBarChart data={kpis.deliveredPerMonth} />
        <RankedBarChart
          title="Most-used playbooks"
          summary={`${kpis.mostUsedPlaybooks.length} ${kpis.mostUsedPlaybooks.length === 1 ? "playbook" : "playbooks"} linked`}
          bars={kpis.mostUsedPlaybooks.map((p) => ({ key: p.documentId, label: p.title, count: p.linkCount }))}
          columnLabel="Playbook"
          valueLabel="Links"
          emptyText="No playbook is linked to a mandate yet."
        />
      </div>

      <section aria-labelledby="turnaround-title">
        <h2 id="turnaround-title">Turnaround against service levels, by deliverable type</h2>
        {turnaround.byType.length === 0 ? (
          <p className="hint">No deliverable went from in progress to delivered in this range.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Measured</th>
                <th scope="col">Average turnaround (business days)</th>
                <th scope="col">Average SLA (business days)</th>
                <th scope="col">Within SLA</th>
              </tr>
            </thead>
            <tbody>
              {turnaround.byType.map((t) => (
                <tr key={t.deliverableType}>
                  <th scope="row">{t.deliverableType}</th>
                  <td>{t.measured}</td>
                  <td>{formatHundredths(t.averageHundredths)}</td>
                  <td>{formatHundredths(t.averageSlaHundredths)}</td>
                  <td>{formatRatio(t.withinSla)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {kpis.marginByPricingModel ? (
        <section aria-labelledby="margin-title">
          <h2 id="margin-title">Margin per pricing model</h2>
          {kpis.marginByPricingModel.length === 0 ? (
            <p className="hint">Nothing delivered in this range yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Pricing model</th>
                  <th scope="col">Currency</th>
                  <th scope="col">Deliverables</th>
                  <th scope="col">Fees</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Margin</th>
                  <th scope="col">Unmeasured</th>
                </tr>
              </thead>
              <tbody>
                {kpis.marginByPricingModel.map((row) => (
                  <tr key={`${row.pricingModel}-${row.currency}`}>
                    <th scope="row">{PRICING_MODEL_LABELS[row.pricingModel as PricingModelKey]}</th>
                    <td>{row.currency}</td>
                    <td>{row.deliverables}</td>
                    <td>{row.formatted.fees}</td>
                    <td>{row.formatted.cost}</td>
                    <td>{row.deliverables ? `${row.formatted.margin} (${formatRatio(row.margin)})` : "Unmeasured"}</td>
                    <td>{row.unmeasured}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">Amounts in different currencies are never added: one row per pricing model and currency. Fees are every delivered deliverable's; cost and margin only the measured ones'. Unmeasured: delivered without effort or cost rate.</p>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
