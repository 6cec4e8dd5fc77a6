import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { KindBadge } from "~/components/documents/badges";
import { SelectField } from "~/components/documents/fields";
import { MAINTAINED_LABELS, PROMOTION_STATUS_LABELS } from "~/components/documents/labels";
import { EmptyState } from "~/components/empty-state";
import { ReviewFindings } from "~/components/kpis/review-findings";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { formatCalendarDate, formatDate } from "~/utils/format";
import libraryStylesHref from "~/styles/library.css?url";
import workflowStylesHref from "~/styles/workflow.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: workflowStylesHref },
];

export const meta: MetaFunction = () => [{ title: "Reviews · Precedent" }];

/** How far ahead "due" looks; the first is the default (REVIEWS_DUE_SOON_DAYS). */
const WINDOWS = [
  { value: "30", label: "Next 30 days" },
  { value: "90", label: "Next 90 days" },
  { value: "366", label: "Next 12 months" },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const documents = context.services.documents;
  const requested = new URL(request.url).searchParams.get("within") ?? "";
  const within = WINDOWS.find((w) => w.value === requested)?.value ?? WINDOWS[0]!.value;
  try {
    const [assigned, due, promotions, findings] = await Promise.all([
      documents.listReviewsAssignedToMe(viewer),
      documents.listReviewsDue(viewer, { withinDays: within }),
      context.services.promotions.listPending(viewer),
      context.services.reviewTriggers.openFindings(viewer),
    ]);
    return {
      within,
      findings,
      promotions: promotions.map((p) => context.present.promotion(p, viewer)),
      assigned: assigned.map(context.present.assignedReview),
      due: due.map(context.present.reviewDue),
    };
  } catch (error) {
    errorResponse(error);
  }
}

export default function Reviews() {
  const { within, assigned, due, promotions, findings } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Reviews</h1>
      <section aria-labelledby="assigned-title">
        <h2 id="assigned-title">Waiting for my review</h2>
        {assigned.length === 0 ? (
          <EmptyState title="Nothing waits for you">
            <p>When a colleague submits a document and names you as a reviewer, it appears here until you approve it or request changes.</p>
          </EmptyState>
        ) : (
          <ul className="review-list">
            {assigned.map((r) => (
              <li key={r.id}>
                <Link to={`/documents/${r.document.id}?panel=publishing`}>{r.document.title}</Link>{" "}
                <span className="hint">
                  requested by {r.requestedBy?.name ?? "a former member"} on <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time>
                  {r.snapshot?.openSuggestions
                    ? ` · ${r.snapshot.openSuggestions === 1 ? "1 open suggestion" : `${r.snapshot.openSuggestions} open suggestions`}`
                    : ""}
                </span>
                {r.message ? <q>{r.message}</q> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="promotions-title">
        <h2 id="promotions-title">Promotions to precedent</h2>
        {promotions.length === 0 ? (
          <EmptyState title="No promotion waits">
            <p>
              When a mandate team asks for a client document, sanitised, to become a house precedent, it waits here for a knowledge lawyer
              (an editor or admin other than the person who asked) to approve or reject it.
            </p>
          </EmptyState>
        ) : (
          <ul className="review-list" aria-label="Promotions waiting for approval">
            {promotions.map((p) => (
              <li key={p.id}>
                <Link to={`/promotions/${p.id}`}>{p.title}</Link>{" "}
                <span className="hint">
                  {p.abilities.decide ? "for your decision" : PROMOTION_STATUS_LABELS[p.status]} · asked by {p.requestedBy?.name ?? "a former member"} on{" "}
                  <time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="findings-title">
        <h2 id="findings-title">What negotiations say about playbooks</h2>
        {findings.length === 0 ? (
          <EmptyState title="No review finding">
            <p>
              When a playbook's review trigger fires — a fallback conceded on too many deals in a quarter, a red line conceded too often in
              a month — the finding waits here until an editor of the playbook dismisses it.
            </p>
          </EmptyState>
        ) : (
          <ReviewFindings findings={findings} withPlaybook />
        )}
      </section>

      <section aria-labelledby="due-title">
        <h2 id="due-title">Never reviewed, review due or overdue</h2>
        <Form method="get" className="inline-form compact" aria-label="How far ahead">
          <SelectField label="Due within" name="within" defaultValue={within} options={WINDOWS} />
          <button type="submit" className="button">
            Show
          </button>
        </Form>
        {due.length === 0 ? (
          <EmptyState title="Every published document is maintained">
            <p>
              Published documents appear here when they were never reviewed, or when their review falls due in this period or is
              overdue. Only a real review counts: publishing after every approval the policy needs (an import or a direct publication
              does not). A review is due the interval after the last one.
            </p>
          </EmptyState>
        ) : (
          <table className="table cards">
            <caption className="visually-hidden">Published documents never reviewed, then those whose review is due, soonest first</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Owner</th>
                <th scope="col">Every</th>
                <th scope="col">Law stated as at</th>
                <th scope="col">Review due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {due.map((d) => (
                <tr key={d.document.id}>
                  <td>
                    <Link to={`/documents/${d.document.id}?panel=publishing`}>{d.document.title}</Link> <KindBadge kind={d.document.kind} />
                  </td>
                  <td data-label="Owner">{[d.owner?.name, d.ownerRole].filter(Boolean).join(" · ") || "—"}</td>
                  <td data-label="Every">{d.reviewIntervalMonths ? `${d.reviewIntervalMonths} months` : "—"}</td>
                  <td data-label="Law stated as at">{d.lawStatedAt ? <time dateTime={d.lawStatedAt}>{formatCalendarDate(d.lawStatedAt)}</time> : "—"}</td>
                  <td data-label="Review due">{d.dueAt ? <time dateTime={d.dueAt}>{formatCalendarDate(d.dueAt)}</time> : "Now"}</td>
                  <td data-label="Status">
                    <span className={`maintained maintained-${d.maintained.toLowerCase().replace("_", "-")}`}>{MAINTAINED_LABELS[d.maintained]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
