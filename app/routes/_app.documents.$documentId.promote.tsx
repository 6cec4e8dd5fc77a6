import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { fieldError } from "~/components/documents/fields";
import { PROMOTION_STATUS_LABELS, TERM_CATEGORY_LABELS } from "~/components/documents/labels";
import { PublishedContent } from "~/components/documents/published-content";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import workflowStylesHref from "~/styles/workflow.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: workflowStylesHref },
];

export const meta: MetaFunction = () => [{ title: "Promote to precedent · Precedent" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const preview = await context.services.promotions.preview(viewer, params.documentId);
    return { preview: context.present.promotionPreview(preview, viewer) };
  } catch (error) {
    errorResponse(error);
  }
}

/** The form's replacements: each `term` with the `replacement` in the same position. */
function replacementsOf(form: FormData) {
  const terms = form.getAll("term").map(String);
  const replacements = form.getAll("replacement").map(String);
  return terms.map((term, i) => ({ term, replacement: replacements[i] ?? "" }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const promotions = context.services.promotions;
  const form = await request.formData();
  const input = { title: String(form.get("title") ?? ""), replacements: replacementsOf(form) };
  try {
    switch (form.get("intent")) {
      case "request": {
        const promotion = await promotions.request(viewer, params.documentId, input);
        return redirect(`/promotions/${promotion.id}`);
      }
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

type LivePreview = { content: { json: unknown }; remaining: { term: string; occurrences: number }[]; titleTerms: string[] };

export default function PromotePage() {
  const { preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [title, setTitle] = useState(preview.source.title);
  const [replacements, setReplacements] = useState(() => preview.terms.map((t) => t.replacement));
  const pending = preview.promotions.find((p) => p.status === "PENDING");
  const errors = result && "errors" in result ? result.errors : undefined;

  // The live preview: the server applies the replacements (the same code that checks the request), debounced.
  // A plain JSON call, outside the router: nothing to revalidate, and nothing left pending when the page is left.
  const [live, setLive] = useState<LivePreview | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      fetch(`/api/v1/documents/${preview.source.id}/promotion-preview`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ title, replacements: preview.terms.map((t, i) => ({ term: t.term, replacement: replacements[i] ?? "" })) }),
        signal: controller.signal,
      })
        .then(async (response) => (response.ok ? setLive((await response.json()) as LivePreview) : null))
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) setBusy(false);
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [title, replacements, preview.source.id, preview.terms]);
  const remaining = new Set(live ? [...live.remaining.map((r) => r.term.toLowerCase()), ...live.titleTerms.map((t) => t.toLowerCase())] : []);

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/documents/${preview.source.id}`}>{preview.source.title}</Link> · Promote to precedent
      </p>
      <h1>Promote to precedent</h1>
      <p className="hint">
        The text becomes a new house precedent, readable by all our staff, once a knowledge lawyer approves it. Replace or clear everything
        that identifies the client below; the client's document itself stays with its team.
      </p>
      {pending ? (
        <p className="notice" role="status">
          A request is already waiting for a knowledge lawyer's approval: <Link to={`/promotions/${pending.id}`}>{pending.title}</Link>.
        </p>
      ) : null}
      {preview.promotions.length > 0 ? (
        <section aria-labelledby="earlier-title">
          <h2 id="earlier-title">Requests for this document</h2>
          <ul className="review-list">
            {preview.promotions.map((p) => (
              <li key={p.id}>
                <Link to={`/promotions/${p.id}`}>{p.title}</Link> <span className="hint">{PROMOTION_STATUS_LABELS[p.status]}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!preview.canRequest ? (
        <p className="notice warning">Only an editor on the client's mandate team can ask for a promotion.</p>
      ) : null}

      <Form method="post" aria-labelledby="terms-title">
        <input type="hidden" name="intent" value="request" />
        <FormError error={errors?.formError} />
        <FormField
          label="Title of the precedent"
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          maxLength={200}
          error={fieldError(errors, "title") ?? (live?.titleTerms.length ? `The title still names: ${live.titleTerms.join(", ")}.` : undefined)}
        />
        <section aria-labelledby="terms-title">
          <h2 id="terms-title">What identifies the client</h2>
          {preview.terms.length === 0 ? (
            <EmptyState title="Nothing identifying found">
              <p>No names, amounts, dates or references were found. Read the preview below before asking for approval.</p>
            </EmptyState>
          ) : (
            <table className="table promotion-terms">
              <caption className="visually-hidden">Identifying terms found in the document, and what replaces each</caption>
              <thead>
                <tr>
                  <th scope="col">Term</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Found</th>
                  <th scope="col">Replace with</th>
                </tr>
              </thead>
              <tbody>
                {preview.terms.map((t, i) => (
                  <tr key={t.term} data-term={t.term}>
                    <th scope="row">{t.term}</th>
                    <td>{TERM_CATEGORY_LABELS[t.category]}</td>
                    <td>{t.occurrences === 1 ? "once" : `${t.occurrences} times`}</td>
                    <td>
                      <input type="hidden" name="term" value={t.term} />
                      <input
                        name="replacement"
                        aria-label={`Replacement for “${t.term}”`}
                        value={replacements[i] ?? ""}
                        maxLength={200}
                        aria-invalid={remaining.has(t.term.toLowerCase()) ? true : undefined}
                        onChange={(e) => setReplacements((r) => r.map((v, j) => (j === i ? e.target.value : v)))}
                      />{" "}
                      <button type="button" className="button small" onClick={() => setReplacements((r) => r.map((v, j) => (j === i ? "" : v)))}>
                        Clear
                      </button>
                      {remaining.has(t.term.toLowerCase()) ? <p className="field-error">Still in the text.</p> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">An empty replacement removes the term. Every term must be replaced or cleared before you can ask for approval.</p>
        </section>
        <button type="submit" className="button primary" disabled={!preview.canRequest || !!pending || navigation.state === "submitting"}>
          Ask a knowledge lawyer to approve
        </button>
      </Form>

      <section aria-labelledby="preview-title" className="document-content promotion-preview">
        <h2 id="preview-title">Preview of the sanitised text</h2>
        <div aria-busy={busy}>
          <PublishedContent json={live?.content.json ?? preview.content.json} sections={[]} />
        </div>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
