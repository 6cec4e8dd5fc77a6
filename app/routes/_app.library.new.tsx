import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SelectField, TextareaField, fieldError, formError } from "~/components/documents/fields";
import { KIND_LABELS, optionsOf } from "~/components/documents/labels";
import { FormError, FormField } from "~/components/form-field";
import { actionError } from "~/utils/action-error.server";
import { forbiddenResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction = () => [{ title: "New document · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  if (!context.services.documents.canCreate(viewer)) forbiddenResponse("Only editors and admins can create documents.");
  const kind = new URL(request.url).searchParams.get("kind");
  return { kind: kind && kind in KIND_LABELS ? kind : "PLAYBOOK" };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  try {
    const doc = await context.services.documents.create(viewer, {
      kind: text("kind"),
      title: text("title"),
      summary: text("summary"),
      practiceArea: text("practiceArea"),
      jurisdictions: text("jurisdictions"),
      tags: text("tags"),
    });
    return redirect(`/documents/${doc.id}`);
  } catch (error) {
    return actionError(error);
  }
}

const FIELDS = ["kind", "title", "summary", "practiceArea", "jurisdictions", "tags"];

export default function NewDocument() {
  const { kind } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors) errorRef.current?.querySelector<HTMLElement>("[aria-invalid=true], .form-error")?.focus();
  }, [errors]);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/library">Library</Link>
      </p>
      <h1>New document</h1>
      <section className="card narrow" ref={errorRef}>
        <FormError error={formError(errors, FIELDS)} />
        <Form method="post">
          <SelectField label="Kind" name="kind" defaultValue={kind} options={optionsOf(KIND_LABELS)} error={fieldError(errors, "kind")} required />
          <FormField label="Title" name="title" required maxLength={200} autoFocus error={fieldError(errors, "title")} />
          <TextareaField label="Summary" name="summary" rows={3} maxLength={2000} hint="One or two sentences: what it covers and when to use it." error={fieldError(errors, "summary")} />
          <FormField label="Practice area" name="practiceArea" maxLength={80} placeholder="e.g. Commercial contracts" error={fieldError(errors, "practiceArea")} />
          <FormField label="Jurisdictions" name="jurisdictions" hint="Separate with commas, e.g. England & Wales, Scotland." error={fieldError(errors, "jurisdictions")} />
          <FormField label="Tags" name="tags" hint="Separate with commas." error={fieldError(errors, "tags")} />
          <p className="hint">It starts as an internal draft: share it with clients and publish it from the document page.</p>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              Create document
            </button>
            <Link to="/library">Cancel</Link>
          </div>
        </Form>
      </section>
    </>
  );
}
