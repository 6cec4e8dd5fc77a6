import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
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

/** The live preview changes nothing: no need to load the page again after each one. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

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
      case "preview": {
        const result = await promotions.tryReplacements(viewer, params.documentId, input);
        return { ok: true as const, intent: "preview" as const, json: result.json, remaining: result.remaining, titleTerms: result.titleTerms };
      }
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

export default function PromotePage() {
  const { preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const live = useFetcher<typeof action>();
  const [title, setTitle] = useState(preview.source.title);
  const [replacements, setReplacements] = useState(() => preview.terms.map((t) => t.replacement));
  const pending = preview.promotions.find((p) => p.status === "PENDING");
  const errors = result && "errors" in result ? result.errors : undefined;

  // The live preview: the server applies the replacements (the same code that checks the request), debounced.
  const body = useMemo(() => {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("title", title);
    preview.terms.forEach((t, i) => {
      form.append("term", t.term);
      form.append("replacement", replacements[i] ?? "");
    });
    return form;
  }, [title, replacements, preview.terms]);
  useEffect(() => {
    const timer = setTimeout(() => live.submit(body, { method: "post" }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- live.submit is stable enough; re-run only on input changes.
  }, [body]);
  const liveData = live.data && "intent" in live.data && live.data.intent === "preview" ? live.data : undefined;
  const remaining = new Set(liveData ? [...liveData.remaining.map((r) => r.term.toLowerCase()), ...liveData.titleTerms.map((t) => t.toLowerCase())] : []);

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
          error={fieldError(errors, "title") ?? (liveData?.titleTerms.length ? `The title still names: ${liveData.titleTerms.join(", ")}.` : undefined)}
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
        <div aria-busy={live.state !== "idle"}>
          <PublishedContent json={liveData?.json ?? preview.content.json} sections={[]} />
        </div>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
