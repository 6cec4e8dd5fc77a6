import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isInvalidRequest } from "~/utils/action-error.server";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { SelectField } from "~/components/documents/fields";
import { optionsOf } from "~/components/documents/labels";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { MandateStatusBadge } from "~/components/mandates/badges";
import { MANDATE_STATUS_LABELS, PRICING_MODEL_LABELS, type PricingModelKey } from "~/components/mandates/labels";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";
import { Pager } from "~/components/pager";
import { pickQueryParams } from "~/utils/query-params";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
];

export const meta: MetaFunction = () => [{ title: "Mandates · Precedent" }];

const FILTERS = ["status", "q", "page"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const query = pickQueryParams(request, FILTERS);
  const mandates = context.services.mandates;
  let page;
  let filterError: string | undefined;
  try {
    page = await mandates.list(viewer, query);
  } catch (error) {
    // A hand-edited URL with a bad filter: say so, and show every mandate (as the library does).
    if (!isInvalidRequest(error)) errorResponse(error);
    filterError = "Some filters in this address are not valid, so they were ignored.";
    page = await mandates.list(viewer, {});
  }
  return {
    query,
    filterError,
    filtered: query.status !== undefined || query.q !== undefined,
    mandates: page.items.map((m) => context.present.mandateSummary(m, viewer)),
    page: { number: page.page, count: page.pageCount, total: page.total },
    canCreate: mandates.canCreate(viewer),
    isClient: context.present.viewer(viewer).abilities.isClient,
  };
}

export default function Mandates() {
  const { query, filterError, filtered, mandates, page, canCreate, isClient } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/mandates";
  const nothingAtAll = mandates.length === 0 && !filtered && page.number === 1;
  return (
    <>
      <div className="page-header">
        <h1>Mandates</h1>
        {isClient ? null : <Link to="/dashboard">Portfolio dashboard</Link>}
        {canCreate ? (
          <Link to="/mandates/new" className="button primary">
            New mandate
          </Link>
        ) : null}
      </div>

      {nothingAtAll ? null : (
        <Form method="get" className="filters" role="search" aria-label="Filter mandates">
          <FormError error={filterError} />
          <FormField label="Title or reference contains" name="q" type="search" defaultValue={query.q ?? ""} />
          <SelectField
            label="Status"
            name="status"
            defaultValue={query.status ?? ""}
            options={[{ value: "", label: "Any status" }, ...optionsOf(MANDATE_STATUS_LABELS)]}
          />
          <div className="filters-actions">
            <button type="submit" className="button">
              Apply filters
            </button>
            {filtered ? <Link to="/mandates">Clear filters</Link> : null}
          </div>
        </Form>
      )}

      <section aria-labelledby="mandates-title" aria-busy={busy || undefined}>
        <h2 id="mandates-title" className="visually-hidden">
          Mandate list
        </h2>
        {nothingAtAll ? (
          isClient ? (
            <EmptyState title="No mandates for your organisation yet">
              <p>When the legal team opens a mandate for your organisation, its deliverables, due dates and status appear here.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No mandates yet — open the first one">
              <p>A mandate is a piece of work for one client: its team, budget, deliverables and the playbooks and toolkits it uses.</p>
              {canCreate ? (
                <Link to="/mandates/new" className="button primary">
                  Create a mandate
                </Link>
              ) : (
                <p>Ask an editor to create the first one.</p>
              )}
            </EmptyState>
          )
        ) : mandates.length === 0 ? (
          <EmptyState title="No mandates match these filters">
            <p>
              <Link to="/mandates">Clear the filters</Link> to see every mandate.
            </p>
          </EmptyState>
        ) : (
          <>
            <p className="hint" role="status">
              {page.total} {page.total === 1 ? "mandate" : "mandates"}
              {page.count > 1 ? ` · page ${page.number} of ${page.count}` : ""}
            </p>
            <table className="table cards">
              <thead>
                <tr>
                  <th scope="col">Mandate</th>
                  <th scope="col">Client</th>
                  <th scope="col">Status</th>
                  <th scope="col">Project manager</th>
                  <th scope="col">Pricing</th>
                  <th scope="col">Deliverables</th>
                  <th scope="col">Target date</th>
                </tr>
              </thead>
              <tbody>
                {mandates.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link to={`/mandates/${m.id}`} className="document-link">
                        {m.title}
                      </Link>
                      {m.abilities.needsBreakGlass ? <span className="break-glass-label">Break glass to open</span> : null}
                      <span className="document-summary">{m.reference}</span>
                    </td>
                    <td data-label="Client">{m.client.name}</td>
                    <td data-label="Status">
                      <MandateStatusBadge status={m.status} />
                    </td>
                    <td data-label="Project manager">{m.projectManager?.name ?? "—"}</td>
                    <td data-label="Pricing">
                      {PRICING_MODEL_LABELS[m.pricingModel as PricingModelKey]}
                      <span className="document-summary">
                        {m.currency} {m.budget.formatted}
                      </span>
                    </td>
                    <td data-label="Deliverables">{m.deliverableCount}</td>
                    <td data-label="Target date">{m.targetDate ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} query={query} />
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
