import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isInvalidRequest } from "~/utils/action-error.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { PositionBreakdown } from "../../server/kpis/positions.ts";
import type { PositionFigures } from "../../server/kpis/positions-kpis.ts";
import { SelectField } from "~/components/documents/fields";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { NO_OUTCOMES_TEXT } from "~/components/kpis/outcomes-panel";
import { PositionBars } from "~/components/kpis/position-bars";
import { formatHundredths } from "~/components/mandates/kpi-figures";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { ClientFilterField } from "~/components/kpis/client-filter-field";
import { formatRatio } from "~/utils/format";
import { pickQueryParams } from "~/utils/query-params";
import chartsStylesHref from "~/styles/charts.css?url";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";
import { KpiDefinitions } from "~/components/kpis/kpi-definitions";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
  { rel: "stylesheet", href: chartsStylesHref },
];

export const meta: MetaFunction = () => [{ title: "Positions analytics · Precedent" }];

const FILTERS = ["documentId", "from", "to", "client", "perspective"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const query = pickQueryParams(request, FILTERS);
  const { kpis, documents, mandates } = context.services;
  const [playbooks, clients] = await Promise.all([
    documents.list(viewer, { kind: "PLAYBOOK", sort: "title", order: "asc", pageSize: "100" }),
    mandates.listClientOrganizations(viewer),
  ]);
  const playbookOptions = playbooks.items.map((d) => ({ value: d.id, label: d.title }));
  const documentId = query.documentId;
  if (!documentId) return { query, filterError: undefined, playbooks: playbookOptions, clients, positions: null, comparison: null };
  let positions;
  let filterError: string | undefined;
  try {
    positions = await kpis.positionsKpis(viewer, query);
  } catch (error) {
    // A bad range or perspective: say so, and show the playbook's default range.
    if (!isInvalidRequest(error)) errorResponse(error);
    filterError = "Some filters in this address are not valid, so they were ignored.";
    try {
      positions = await kpis.positionsKpis(viewer, { documentId });
    } catch (again) {
      errorResponse(again);
    }
  }
  const comparison = await kpis.positionVersions(viewer, { documentId, ...(positions.client ? { client: positions.client.id } : {}) });
  return { query, filterError, playbooks: playbookOptions, clients, positions, comparison };
}

function BreakdownTable({ caption, column, rows }: { caption: string; column: string; rows: readonly PositionBreakdown[] }) {
  return (
    <table className="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{column}</th>
          <FigureHeaders />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key ?? "none"}>
            <th scope="row">{r.label}</th>
            <FigureCells figures={r.total} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FigureHeaders() {
  return (
    <>
      <th scope="col">Deals</th>
      <th scope="col">Preferred held</th>
      <th scope="col">Fallbacks</th>
      <th scope="col">Grey zone</th>
      <th scope="col">Red line</th>
      <th scope="col">Not applicable</th>
    </>
  );
}

function FigureCells({ figures: f }: { figures: PositionFigures }) {
  const share = (count: number, ratio: Parameters<typeof formatRatio>[0]) => `${count} (${formatRatio(ratio)})`;
  return (
    <>
      <td>{f.deals}</td>
      <td>{share(f.preferred, f.rates.preferred)}</td>
      <td>{f.fallbacks.length ? f.fallbacks.map((fb, i) => `${fb.index}: ${share(fb.count, f.rates.fallbacks[i]!.rate)}`).join("; ") : "0"}</td>
      <td>{share(f.greyZone, f.rates.greyZone)}</td>
      <td>{share(f.redLine, f.rates.redLine)}</td>
      <td>{f.notApplicable}</td>
    </>
  );
}

const barRows = (rows: readonly PositionBreakdown[]) => rows.map((r) => ({ key: r.key ?? "none", label: r.label, figures: r.total }));

export default function PositionsAnalytics() {
  const { query, filterError, playbooks, clients, positions, comparison } = useLoaderData<typeof loader>();
  const csv = positions
    ? new URLSearchParams({
        documentId: positions.document.id,
        from: positions.range.from,
        to: positions.range.to,
        ...(positions.client ? { client: positions.client.id } : {}),
        ...(positions.perspective !== null ? { perspective: positions.perspective } : {}),
        format: "csv",
      })
    : null;
  const empty = positions && positions.total.deals === 0 && positions.total.notApplicable === 0;
  return (
    <>
      <div className="page-header">
        <h1>Positions analytics</h1>
        {csv ? (
          // A download from the API, not a page: a full request.
          <a href={`/api/v1/kpis/positions?${csv.toString()}`} download>
            Download CSV
          </a>
        ) : null}
      </div>
      <Form method="get" className="filters" aria-label="Playbook, range, client and perspective">
        <FormError error={filterError} />
        <SelectField label="Playbook" name="documentId" defaultValue={query.documentId ?? ""} options={[{ value: "", label: "Choose a playbook" }, ...playbooks]} />
        <FormField label="From" name="from" type="date" defaultValue={query.from ?? positions?.range.from} />
        <FormField label="To" name="to" type="date" defaultValue={query.to ?? positions?.range.to} />
        <ClientFilterField clients={clients} value={query.client} />
        <SelectField
          label="Perspective"
          name="perspective"
          defaultValue={query.perspective ?? ""}
          options={[
            { value: "", label: "Every perspective" },
            ...[...new Set([...(positions?.perspectives ?? []), ...(query.perspective ? [query.perspective] : [])])].filter(Boolean).map((p) => ({ value: p, label: p })),
          ]}
        />
        <div className="filters-actions">
          <button type="submit" className="button">
            Show
          </button>
          {query.from || query.to || query.client || query.perspective ? <Link to={`/analytics/positions?documentId=${query.documentId ?? ""}`}>Reset</Link> : null}
        </div>
      </Form>

      {!positions ? (
        <EmptyState title="Choose a playbook">
          <p>See how each clause of a playbook was negotiated: preferred position held, fallbacks conceded, grey zone and red line, by quarter, client, counterparty and version.</p>
        </EmptyState>
      ) : (
        <>
          <p className="hint" role="status">
            <Link to={`/documents/${positions.document.id}?panel=outcomes`}>{positions.document.title}</Link> · {positions.range.from} to {positions.range.to}
            {positions.client ? ` · ${positions.client.name}` : " · every client"}
            {positions.perspective !== null ? ` · ${positions.perspective}` : ""} · {positions.total.deals} {positions.total.deals === 1 ? "deal" : "deals"}
          </p>
          {empty ? (
            <EmptyState title="No outcomes yet">
              <p>{NO_OUTCOMES_TEXT}</p>
            </EmptyState>
          ) : (
            <>
              <p className="hint">Shares are of the deals: every recorded outcome except “not applicable”. Quarters are calendar quarters in UTC.</p>
              <section aria-labelledby="by-clause-title">
                <h2 id="by-clause-title">By clause</h2>
                <PositionBars
                  title="How each clause was negotiated"
                  rows={positions.clauses.map((c) => ({ key: `${c.clauseId}-${c.perspective}`, label: c.clauseName, sublabel: c.perspective || undefined, figures: c.figures }))}
                />
                <table className="table">
                  <caption>Outcomes by clause</caption>
                  <thead>
                    <tr>
                      <th scope="col">Clause</th>
                      <th scope="col">Perspective</th>
                      <FigureHeaders />
                    </tr>
                  </thead>
                  <tbody>
                    {positions.clauses.map((c) => (
                      <tr key={`${c.clauseId}-${c.perspective}`}>
                        <th scope="row">{c.clauseName}</th>
                        <td>{c.perspective || "any"}</td>
                        <FigureCells figures={c.figures} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <div className="chart-grid">
                <PositionBars title="By quarter" rows={barRows(positions.byQuarter)} />
                <PositionBars title="By counterparty" rows={barRows(positions.byCounterparty)} />
                <PositionBars title="By playbook version" rows={barRows(positions.byVersion)} />
                <PositionBars title="By client" rows={barRows(positions.byClient)} />
              </div>
              <section aria-labelledby="breakdowns-title">
                <h2 id="breakdowns-title">Breakdowns</h2>
                <BreakdownTable caption="Outcomes by quarter" column="Quarter" rows={positions.byQuarter} />
                <BreakdownTable caption="Outcomes by client" column="Client" rows={positions.byClient} />
                <BreakdownTable caption="Outcomes by counterparty" column="Counterparty" rows={positions.byCounterparty} />
                <BreakdownTable caption="Outcomes by playbook version" column="Version" rows={positions.byVersion} />
              </section>
            </>
          )}
          {comparison && comparison.versions.length ? (
            <section aria-labelledby="versions-title">
              <h2 id="versions-title">Versions compared</h2>
              <table className="table">
                <caption>The deliverables whose outcomes were recorded under each version, over the playbook's whole history</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Deliverables</th>
                    <th scope="col">On time</th>
                    <th scope="col">Within SLA</th>
                    <th scope="col">Median turnaround (business days)</th>
                    {comparison.versions[0]!.effort ? <th scope="col">Mean effort (minutes)</th> : null}
                    {comparison.versions[0]!.margin ? <th scope="col">Margin</th> : null}
                    <th scope="col">Preferred held</th>
                    <th scope="col">Fallback</th>
                    <th scope="col">Grey zone</th>
                    <th scope="col">Red line</th>
                  </tr>
                </thead>
                <tbody>
                  {comparison.versions.map((v) => (
                    <tr key={v.versionNumber}>
                      <th scope="row">Version {v.versionNumber}</th>
                      <td>{v.deliverables}</td>
                      <td>{formatRatio(v.onTimeRate)}</td>
                      <td>{formatRatio(v.turnaround.withinSla)}</td>
                      <td>{formatHundredths(v.medianTurnaroundHundredths)}</td>
                      {v.effort ? <td>{v.effort.meanMinutes ?? "no data"}</td> : null}
                      {v.margin ? <td>{v.margin.length ? v.margin.map((m) => `${m.currency} ${formatRatio(m.margin)}`).join("; ") : "no data"}</td> : null}
                      <td>{formatRatio(v.positions.rates.preferred)}</td>
                      <td>{formatRatio(v.positions.rates.fallback)}</td>
                      <td>{formatRatio(v.positions.rates.greyZone)}</td>
                      <td>{formatRatio(v.positions.rates.redLine)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <KpiDefinitions definitions={comparison.definitions} />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
