import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { SelectField, TextareaField, fieldError, formError } from "~/components/documents/fields";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { actionError } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Generate “${data?.deliverable.title ?? "deliverable"}” · Precedent`,
  },
];

/** Form fields carrying a variable's value are named `value:<name>`: variable names never contain ":". */
const VALUE_PREFIX = "value:";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const search = new URL(request.url).searchParams;
  try {
    const form = await context.services.templates.form(viewer, params.deliverableId, { templateId: search.get("templateId") ?? undefined });
    if (form.mandate.id !== params.mandateId) throw new Response("Not found", { status: 404 });
    const createdId = search.get("created");
    const created = createdId ? await context.services.documents.get(viewer, createdId).catch(() => null) : null;
    return {
      mandate: {
        id: form.mandate.id,
        title: form.mandate.title,
        reference: form.mandate.reference,
        client: form.mandate.client.name,
      },
      deliverable: { id: form.deliverable.id, title: form.deliverable.title },
      templates: form.templates,
      template: form.template
        ? {
            ...form.template,
            version: form.template.version
              ? {
                  number: form.template.version.number,
                  publishedAt: form.template.version.publishedAt.toISOString().slice(0, 10),
                }
              : null,
          }
        : null,
      variables: form.variables,
      title: form.title,
      created: created ? { id: created.id, title: created.title } : null,
    };
  } catch (error) {
    if (error instanceof Response) throw error;
    errorResponse(error);
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (key.startsWith(VALUE_PREFIX)) values[key.slice(VALUE_PREFIX.length)] = String(value);
  const templateId = String(form.get("templateId") ?? "");
  try {
    const created = await context.services.templates.generate(viewer, params.deliverableId, {
      templateId,
      title: String(form.get("title") ?? ""),
      values,
      shareWithClient: form.get("shareWithClient") === "on",
    });
    return redirect(
      `/mandates/${params.mandateId}/deliverables/${params.deliverableId}/generate?templateId=${encodeURIComponent(templateId)}&created=${created.document.id}`
    );
  } catch (error) {
    return actionError(error);
  }
}

export default function GenerateFromTemplate() {
  const { mandate, deliverable, templates, template, variables, title, created } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // A default is a value: the document reads it when the field is left empty.
  const required = variables.filter((v) => v.required && !v.defaultValue.trim());
  // Which required variables are still empty, as the user types: listed before they generate.
  const [empty, setEmpty] = useState(() => required.filter((v) => !v.value.trim()).map((v) => v.name));
  const recount = () => {
    const data = formRef.current ? new FormData(formRef.current) : null;
    setEmpty(required.filter((v) => !String(data?.get(`${VALUE_PREFIX}${v.name}`) ?? "").trim()).map((v) => v.name));
  };
  useEffect(() => {
    if (errors) summaryRef.current?.focus();
  }, [errors]);
  const fieldId = (name: string) => `variable-${name}`;
  const generating = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  // One document per press: a second press (or Ctrl+Enter) before the first answers is dropped,
  // even in the moment before the navigation state says it is under way.
  const submitted = useRef(false);
  useEffect(() => {
    if (navigation.state === "idle") submitted.current = false;
  }, [navigation.state]);
  const createdRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link> › <Link to={`/mandates/${mandate.id}`}>{mandate.reference}</Link>
      </p>
      <h1>Generate “{deliverable.title}” from a template</h1>
      <p className="hint">
        For {mandate.client}, mandate {mandate.reference} ({mandate.title}). The result is a new draft document linked to this deliverable.
      </p>

      {created ? (
        // Once generated, the form gives way to the document: pressing again would only make a copy.
        <section className="notice success" aria-live="polite" aria-label="Document generated" ref={createdRef} tabIndex={-1}>
          <p>
            Created “<Link to={`/documents/${created.id}`}>{created.title}</Link>” and linked it to {deliverable.title}.
          </p>
          <p className="actions">
            <Link className="button primary" to={`/documents/${created.id}`}>
              Open the document
            </Link>{" "}
            <a className="button" href={`/api/v1/documents/${created.id}/export?format=docx`} download>
              Download Word (.docx)
            </a>{" "}
            <a className="button" href={`/api/v1/documents/${created.id}/export?format=html`} target="_blank" rel="noreferrer">
              Print or save as PDF
            </a>{" "}
            <Link className="button" to={`/mandates/${mandate.id}`}>
              Back to the mandate
            </Link>{" "}
            <Link className="button" to={template ? `?templateId=${encodeURIComponent(template.id)}` : "."}>
              Generate another document
            </Link>
          </p>
        </section>
      ) : templates.length === 0 ? (
        <EmptyState title="No templates in the library yet">
          <p>
            Templates are documents with variables such as {"{{client_name}}"}. <Link to="/library/new">Create one</Link> or import Word or Markdown files from
            the library.
          </p>
        </EmptyState>
      ) : (
        <>
          <Form method="get" className="inline-form compact card narrow" aria-label="Choose a template">
            <SelectField
              label="Template"
              name="templateId"
              defaultValue={template?.id}
              options={templates.map((t) => ({
                value: t.id,
                label: t.suggested ? `${t.title} (suggested)` : t.title,
              }))}
            />
            <button type="submit" className="button">
              Use this template
            </button>
          </Form>

          {template ? (
            <section className="card narrow" aria-labelledby="variables-title">
              <h2 id="variables-title">{template.title}</h2>
              <p className="hint">
                {template.version
                  ? `Filled from version ${template.version.number}, published ${template.version.publishedAt}.`
                  : "This template has not been published: it is filled from its current draft."}{" "}
                {variables.length ? "Values the mandate knows are filled in; change any of them." : "It has no variables: the document will be a copy of it."}
              </p>
              <div ref={summaryRef} tabIndex={-1}>
                <FormError error={formError(errors, ["title", "values"]) ?? errors?.fieldErrors?.values} />
                {empty.length ? (
                  <div className="notice warning" role="status">
                    <p>
                      Required, still empty ({empty.length}):{" "}
                      {empty.map((name, i) => (
                        <span key={name}>
                          {i ? ", " : ""}
                          <a href={`#${fieldId(name)}`}>{variables.find((v) => v.name === name)?.label || name}</a>
                        </span>
                      ))}
                    </p>
                  </div>
                ) : null}
              </div>
              <Form
                method="post"
                ref={formRef}
                onInput={recount}
                onSubmit={(event) => {
                  if (submitted.current) event.preventDefault();
                  else submitted.current = true;
                }}
                // Ctrl/Cmd+Enter generates from anywhere in the form, as in the editor's dialogs.
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                    event.preventDefault();
                    if (!generating) formRef.current?.requestSubmit();
                  }
                }}
                aria-describedby="variables-title"
              >
                <input type="hidden" name="templateId" value={template.id} />
                <FormField label="Document title" name="title" maxLength={200} defaultValue={title ?? ""} error={fieldError(errors, "title")} />
                {variables.map((v) => (
                  <VariableField key={v.name} variable={v} id={fieldId(v.name)} error={fieldError(errors, `values.${v.name}`)} />
                ))}
                <label className="choice">
                  <input type="checkbox" name="shareWithClient" /> Share with {mandate.client} once published
                </label>
                <p className="actions">
                  <button type="submit" className="button primary" disabled={generating}>
                    {generating ? "Generating…" : "Generate document"}
                  </button>{" "}
                  <span className="hint">Ctrl+Enter</span>
                </p>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

type Variable = ReturnType<typeof useLoaderData<typeof loader>>["variables"][number];

function VariableField({ variable: v, id, error }: { variable: Variable; id: string; error?: string }) {
  const label = `${v.label || v.name}${v.required ? " (required)" : ""}`;
  const hint = [v.source ? `From the ${v.source}.` : null, v.defaultValue ? `Left empty, it reads “${v.defaultValue}”.` : null, `{{${v.name}}}`]
    .filter(Boolean)
    .join(" ");
  const field = { label, name: `${VALUE_PREFIX}${v.name}`, defaultValue: v.value, hint, error, "aria-required": v.required || undefined };
  // The id is on a wrapper: the field's own id ties its label, hint and error together. A field
  // for a passage is a text area; so is a one-line field whose value already spans lines.
  return (
    <div id={id}>
      {v.type === "choice" && v.choices.length ? (
        <SelectField {...field} options={[{ value: "", label: "Choose…" }, ...v.choices.map((choice) => ({ value: choice, label: choice }))]} />
      ) : v.type === "long" || v.value.includes("\n") ? (
        <TextareaField {...field} rows={4} />
      ) : v.type === "date" ? (
        <FormField {...field} type="date" />
      ) : v.type === "number" ? (
        <FormField {...field} type="number" step="any" inputMode="decimal" />
      ) : (
        <FormField {...field} type="text" />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
