import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FormError, FormField } from "~/components/form-field";
import { useDocumentAction } from "./action-result";
import type { DocumentView } from "./document-view";
import { TextareaField, fieldError, formError } from "./fields";
import { STATUS_LABELS, VISIBILITY_LABELS, optionsOf } from "./labels";

/** The document's metadata and sharing: a form for its editors, a list for everyone else. */
export function DocumentDetails({ document: doc, shareTargets }: { document: DocumentView; shareTargets: { id: string; name: string }[] }) {
  const { errors, submittingIntent } = useDocumentAction();
  const [visibility, setVisibility] = useState(doc.visibility);
  useEffect(() => setVisibility(doc.visibility), [doc.visibility]);
  const shared = new Set(doc.sharedWith?.map((s) => s.id) ?? []);

  if (!doc.abilities.update) {
    return (
      <section className="document-details" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <dl>
          <dt>Status</dt>
          <dd>{STATUS_LABELS[doc.status]}</dd>
          {doc.summary ? (
            <>
              <dt>Summary</dt>
              <dd>{doc.summary}</dd>
            </>
          ) : null}
          <dt>Practice area</dt>
          <dd>{doc.practiceArea ?? "—"}</dd>
          <dt>Jurisdictions</dt>
          <dd>{doc.jurisdictions.join(", ") || "—"}</dd>
          <dt>Tags</dt>
          <dd>{doc.tags.join(", ") || "—"}</dd>
          {doc.sharedWith ? (
            <>
              <dt>Visibility</dt>
              <dd>{doc.visibility === "SHARED" ? `Shared with ${doc.sharedWith.map((s) => s.name).join(", ") || "no one yet"}` : "Internal"}</dd>
            </>
          ) : null}
        </dl>
      </section>
    );
  }

  const fields = ["summary", "practiceArea", "jurisdictions", "tags", "visibility", "sharedWithOrganizationIds"];
  const detailErrors = errors && fields.some((f) => fieldError(errors, f)) ? errors : undefined;
  return (
    <section className="document-details" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <Form method="post" key={doc.updatedAt}>
        <input type="hidden" name="intent" value="details" />
        <FormError error={formError(detailErrors, fields)} />
        <fieldset className="field">
          <legend>Visibility</legend>
          {optionsOf(VISIBILITY_LABELS).map((o) => (
            <label key={o.value} className="choice">
              <input
                type="radio"
                name="visibility"
                value={o.value}
                checked={visibility === o.value}
                onChange={() => setVisibility(o.value)}
              />{" "}
              {o.label}
            </label>
          ))}
        </fieldset>
        <fieldset className="field" disabled={visibility !== "SHARED"} aria-describedby="shares-hint">
          <legend>Shared with</legend>
          <p id="shares-hint" className="hint">
            {visibility !== "SHARED"
              ? "Choose “Shared” above to pick client organisations."
              : "Clients see it once it is in review or published, never as a draft."}
          </p>
          {shareTargets.length === 0 ? (
            <p className="hint">No client organisations yet: an admin creates one by inviting a client.</p>
          ) : (
            shareTargets.map((org) => (
              <label key={org.id} className="choice">
                <input type="checkbox" name="share" value={org.id} defaultChecked={shared.has(org.id)} /> {org.name}
              </label>
            ))
          )}
          {fieldError(detailErrors, "sharedWithOrganizationIds") ? (
            <p className="field-error" role="alert">
              {fieldError(detailErrors, "sharedWithOrganizationIds")}
            </p>
          ) : null}
        </fieldset>
        <TextareaField label="Summary" name="summary" rows={3} maxLength={2000} defaultValue={doc.summary} error={fieldError(detailErrors, "summary")} />
        <FormField label="Practice area" name="practiceArea" maxLength={80} defaultValue={doc.practiceArea ?? ""} error={fieldError(detailErrors, "practiceArea")} />
        <FormField
          label="Jurisdictions"
          name="jurisdictions"
          defaultValue={doc.jurisdictions.join(", ")}
          hint="Separate with commas."
          error={fieldError(detailErrors, "jurisdictions")}
        />
        <FormField label="Tags" name="tags" defaultValue={doc.tags.join(", ")} hint="Separate with commas." error={fieldError(detailErrors, "tags")} />
        <button type="submit" className="button primary" disabled={submittingIntent === "details"}>
          Save details
        </button>
      </Form>
    </section>
  );
}

