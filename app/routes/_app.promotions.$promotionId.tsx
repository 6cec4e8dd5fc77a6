import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TextareaField, fieldError } from "~/components/documents/fields";
import { PROMOTION_STATUS_LABELS, TERM_CATEGORY_LABELS, formatDate } from "~/components/documents/labels";
import { PublishedContent } from "~/components/documents/published-content";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form-field";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import workflowStylesHref from "~/styles/workflow.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: workflowStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.promotion.title ?? "Promotion"} · Promote to precedent · Precedent` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const promotion = await context.services.promotions.get(viewer, params.promotionId);
    return { promotion: context.present.promotion(promotion, viewer) };
  } catch (error) {
    errorResponse(error);
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const promotions = context.services.promotions;
  const form = await request.formData();
  try {
    switch (form.get("intent")) {
      case "decide": {
        const decision = String(form.get("decision") ?? "");
        await promotions.decide(viewer, params.promotionId, { decision, comment: String(form.get("comment") ?? "") });
        return { ok: true as const, message: decision === "approve" ? "Approved: the new precedent is in the library as a draft." : "Rejected." };
      }
      case "withdraw":
        await promotions.withdraw(viewer, params.promotionId);
        return { ok: true as const, message: "Withdrawn." };
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

export default function PromotionPage() {
  const { promotion: p } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const message = result && "message" in result ? result.message : undefined;
  const showTerms = p.terms.some((t) => "term" in t);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/reviews">Reviews</Link> · Promote to precedent
      </p>
      <h1>{p.title}</h1>
      <p className="document-meta-line">
        <span className={`promotion-status promotion-${p.status.toLowerCase()}`}>{PROMOTION_STATUS_LABELS[p.status]}</span>{" "}
        <span className="hint">
          Asked by {p.requestedBy?.name ?? "a former member"} on <time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time>
          {p.approver && p.decidedAt ? (
            <>
              {" "}
              · decided by {p.approver.name} on <time dateTime={p.decidedAt}>{formatDate(p.decidedAt)}</time>
            </>
          ) : null}
        </span>
      </p>
      <div className="sr-status" role="status" aria-live="polite">
        {message ? <p className="notice">{message}</p> : null}
      </div>
      {p.comment ? (
        <p>
          Comment: <q>{p.comment}</q>
        </p>
      ) : null}
      {p.resultDocumentId ? (
        <p className="notice">
          <Link to={`/documents/${p.resultDocumentId}`}>Open the new precedent</Link>
        </p>
      ) : null}
      {p.sourceDocumentId ? (
        <p className="hint">
          From <Link to={`/documents/${p.sourceDocumentId}`}>the client's document</Link> (its team only).
        </p>
      ) : (
        <p className="hint">From client material you do not see: only the sanitised text below is shown to you.</p>
      )}

      {p.abilities.decide ? (
        <Form method="post" className="card" aria-labelledby="decide-title">
          <h2 id="decide-title">Your decision</h2>
          <input type="hidden" name="intent" value="decide" />
          <FormError error={errors?.formError} />
          <p className="hint">Approving creates a new house precedent, as a draft, from the sanitised text. Read it for anything that still identifies the client.</p>
          <TextareaField label="Comment" name="comment" rows={3} maxLength={2000} hint="Required when you reject." error={fieldError(errors, "comment")} />
          <button type="submit" name="decision" value="approve" className="button primary" disabled={navigation.state === "submitting"}>
            Approve
          </button>{" "}
          <button type="submit" name="decision" value="reject" className="button danger" disabled={navigation.state === "submitting"}>
            Reject
          </button>
        </Form>
      ) : p.status === "PENDING" ? (
        <p className="notice">Waiting for a knowledge lawyer's approval: an editor or admin other than the person who asked.</p>
      ) : null}
      {p.abilities.withdraw ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="button">
            Withdraw the request
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="terms-title">
        <h2 id="terms-title">Terms replaced</h2>
        {p.terms.length === 0 ? (
          <EmptyState title="No identifying terms were found">
            <p>Read the text below with that in mind.</p>
          </EmptyState>
        ) : (
          <table className="table promotion-terms">
            <caption className="visually-hidden">Each identifying term's kind, how often it was found, and what replaced it</caption>
            <thead>
              <tr>
                {showTerms ? <th scope="col">Term</th> : null}
                <th scope="col">Kind</th>
                <th scope="col">Found</th>
                <th scope="col">Replaced with</th>
              </tr>
            </thead>
            <tbody>
              {p.terms.map((t, i) => (
                <tr key={i}>
                  {showTerms ? <td>{"term" in t ? t.term : ""}</td> : null}
                  <td>{TERM_CATEGORY_LABELS[t.category]}</td>
                  <td>{t.occurrences === 1 ? "once" : `${t.occurrences} times`}</td>
                  <td>{t.replacement === "" ? <em>removed</em> : t.replacement}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="text-title" className="document-content">
        <h2 id="text-title">Sanitised text</h2>
        <PublishedContent json={p.content.json} sections={[]} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
