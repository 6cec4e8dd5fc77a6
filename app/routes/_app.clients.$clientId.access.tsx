import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction } from "~/components/mandates/action-result";
import { LegalHoldPanel } from "~/components/retention/legal-hold-panel";
import { actionError, unknownIntent, isInvalidRequest } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { pickQueryParams } from "~/utils/query-params";
import libraryStylesHref from "~/styles/library.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Access report${data && "report" in data && data.report ? ` · ${data.report.client.name}` : ""} · Precedent` },
];

const FILTERS = ["from", "to"] as const;

/** A provider admin's view of one client's access report (server/access-record); 404 for anyone else. Each view is audited. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const query = pickQueryParams(request, FILTERS);
  try {
    const { report } = await context.services.accessRecord.report(viewer, params.clientId, query);
    // The client's legal holds (ADR 021): whoever may report on a client is a provider admin, who places and lifts them.
    const holds = await context.services.retention.listHolds(viewer, { clientOrganizationId: report.client.id, state: "all" });
    return { query, report: context.present.accessReport(report), holds: holds.map(context.present.legalHold), periodError: null };
  } catch (error) {
    // A bad period is said beside the form; anything else (404 for a client the viewer may not report on) is the error page.
    if (!isInvalidRequest(error)) errorResponse(error);
    const details = (error as { details?: { issues?: { message: string }[] } }).details;
    return { query, report: null, holds: [], periodError: details?.issues?.map((i) => i.message).join(" ") || "That period is not valid." };
  }
}

/** Places or lifts a legal hold on this client; the retention service decides who may. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    switch (intent) {
      case "hold-place":
        await context.services.retention.placeHold(viewer, { clientOrganizationId: params.clientId, reason: text("holdReason") });
        return { ok: true as const, intent, message: "Legal hold placed: nothing of this client's material or mandates can be deleted or purged while it lasts." };
      case "hold-lift":
        await context.services.retention.liftHold(viewer, text("holdId"), { reason: text("liftReason") });
        return { ok: true as const, intent, message: "Legal hold lifted." };
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

const time = (iso: string | null, open: string) => (iso ? formatDate(iso) : open);

export default function ClientAccessReport() {
  const { query, report, holds, periodError } = useLoaderData<typeof loader>();
  const { message, errorsFor, submitting } = useMandateAction();
  const csv = report ? new URLSearchParams({ from: report.range.from, to: report.range.to, format: "csv" }) : null;
  return (
    <>
      <div className="page-header">
        <h1>Access report{report ? `: ${report.client.name}` : ""}</h1>
        {report && csv ? (
          // A download from the API, not a page: a full request, not client-side navigation.
          <a href={`/api/v1/clients/${encodeURIComponent(report.client.id)}/access-report?${csv.toString()}`} download>
            Download CSV
          </a>
        ) : null}
      </div>
      <p className="hint">
        Who could read this client&apos;s material in a period and why, and who actually read or exported it. Days are in UTC; viewing this
        report is recorded in the audit trail.
      </p>
      <Form method="get" className="filters" aria-label="Report period">
        <FormError error={periodError ?? undefined} />
        <FormField label="From" name="from" type="date" required defaultValue={query.from ?? report?.range.from} />
        <FormField label="To" name="to" type="date" required defaultValue={query.to ?? report?.range.to} />
        <div className="filters-actions">
          <button type="submit" className="button">
            Show
          </button>
          {query.from || query.to ? <Link to=".">Last 30 days</Link> : null}
        </div>
      </Form>

      {report ? (
        <>
          <p className="hint" role="status">
            {report.range.from} to {report.range.to} (UTC)
          </p>
          {message ? (
            <p className="notice" role="status">
              {message}
            </p>
          ) : null}
          <LegalHoldPanel
            holds={holds}
            canManage
            scope="client"
            errors={errorsFor("hold-place") ?? errorsFor("hold-lift")}
            busy={submitting === "hold-place" || submitting === "hold-lift"}
          />

          <section aria-labelledby="could-read-title">
            <h2 id="could-read-title">Who could read</h2>
            {report.couldRead.length === 0 ? (
              <EmptyState title="Nobody could read this client's material in this period">
                <p>No one was on a team of its mandates, opened it through break-glass, or was an admin or a member of the client then.</p>
              </EmptyState>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Why</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                  </tr>
                </thead>
                <tbody>
                  {report.couldRead.map((r, index) => (
                    <tr key={`${r.user.id}-${r.basis}-${index}`}>
                      <th scope="row">
                        {r.user.name} <span className="hint">{r.user.email}</span>
                      </th>
                      <td>
                        {r.label}
                        {r.reason ? <span className="hint"> · reason: {r.reason}</span> : null}
                      </td>
                      <td>{formatDate(r.from)}</td>
                      <td>{time(r.to, r.basis === "team" ? "still on the team" : "—")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="hint">
              Admins see that the client&apos;s mandates exist and open its material only through the audited break-glass step. Admins and
              client members are listed from the day they joined. Someone walled off for the whole period is left out.
            </p>
          </section>

          <section aria-labelledby="walls-title">
            <h2 id="walls-title">Ethical walls in this period</h2>
            {report.walls.length === 0 ? (
              <p className="hint">No wall stood against this client in this period.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Reason</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">Covers</th>
                  </tr>
                </thead>
                <tbody>
                  {report.walls.map((w, index) => (
                    <tr key={`${w.user.id}-${index}`}>
                      <th scope="row">{w.user.name}</th>
                      <td>{w.reason}</td>
                      <td>{formatDate(w.from)}</td>
                      <td>{time(w.to, "still standing")}</td>
                      <td>{w.wholePeriod ? "the whole period: could not read" : "part of the period"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="did-read-title">
            <h2 id="did-read-title">Who read or exported</h2>
            {report.didRead.length === 0 ? (
              <EmptyState title="Nothing was read or exported in this period">
                <p>Opening a document or mandate of this client, reading it over the API or a live editing session, and every download are recorded here.</p>
              </EmptyState>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">What</th>
                    <th scope="col">Kind</th>
                    <th scope="col">How</th>
                    <th scope="col">First</th>
                    <th scope="col">Last</th>
                    <th scope="col">Count</th>
                  </tr>
                </thead>
                <tbody>
                  {report.didRead.map((r, index) => (
                    <tr key={`${r.user?.id ?? "gone"}-${r.target.id ?? "gone"}-${r.kind}-${index}`}>
                      <th scope="row">{r.user?.name ?? "(deleted user)"}</th>
                      <td>
                        {r.target.id ? (
                          <Link to={r.target.type === "document" ? `/documents/${r.target.id}` : `/mandates/${r.target.id}`}>{r.target.title}</Link>
                        ) : (
                          r.target.title
                        )}{" "}
                        <span className="hint">({r.target.type})</span>
                      </td>
                      <td>{r.kind === "READ" ? "Read" : "Export"}</td>
                      <td>{r.channels.join(", ")}</td>
                      <td>{formatDate(r.first)}</td>
                      <td>{formatDate(r.last)}</td>
                      <td>{r.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="hint">A read counts once per person, document or mandate and hour; every export counts.</p>
          </section>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
