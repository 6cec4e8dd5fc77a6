import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { RagBadge, ReportStatusBadge } from "~/components/status-reports/badges";
import { actionError } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import mandatesStylesHref from "~/styles/mandates.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mandatesStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Status reports · ${data?.mandate.title ?? "Mandate"} · Precedent` }];

/**
 * A mandate's monthly status reports (ADR 040): the provider's team sees every report and
 * creates one for a month; the client's members see the released ones — their portal's list.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const listed = await context.services.statusReports.list(viewer, params.mandateId);
    // The month just ended is the usual one to report on.
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    return { ...listed, suggestedPeriod: lastMonth < listed.mandate.startMonth ? listed.mandate.startMonth : lastMonth };
  } catch (error) {
    errorResponse(error);
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  try {
    const report = await context.services.statusReports.create(viewer, params.mandateId, { period: String(form.get("period") ?? "") });
    return redirect(`/mandates/${params.mandateId}/reports/${report.id}`);
  } catch (error) {
    return actionError(error);
  }
}

export default function StatusReports() {
  const { mandate, reports, mayCreate, suggestedPeriod } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const creating = useNavigation().state === "submitting";
  return (
    <>
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link> › <Link to={`/mandates/${mandate.id}`}>{mandate.reference}</Link>
      </p>
      <h1>Status reports</h1>
      <p className="hint">
        Monthly reports on {mandate.title}: {mayCreate ? "written and reviewed by the team, then released to the client." : "released by the team."}
      </p>
      {mayCreate ? (
        <Form method="post" className="card inline-form" noValidate>
          <FormError error={errors?.formError} />
          <FormField label="Month" name="period" type="month" defaultValue={suggestedPeriod} min={mandate.startMonth} required error={errors?.fieldErrors?.period} hint="The calendar month the report covers (YYYY-MM)." />
          <button type="submit" className="button primary" disabled={creating}>
            {creating ? "Creating…" : "Create report"}
          </button>
        </Form>
      ) : null}
      {reports.length === 0 ? (
        <EmptyState title="No reports yet">
          <p>{mayCreate ? "Create the report for a month above." : "No status report has been released for this mandate yet."}</p>
        </EmptyState>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Status reports by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Status</th>
              <th scope="col">State</th>
              <th scope="col">Released</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={r.id}>{r.periodTitle}</Link>
                </td>
                <td>
                  <RagBadge rag={r.rag} />
                </td>
                <td>
                  <ReportStatusBadge status={r.status} />
                </td>
                <td>{r.releasedAt ? formatDate(r.releasedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
