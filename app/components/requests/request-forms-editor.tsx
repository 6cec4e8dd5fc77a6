import { Form } from "@remix-run/react";
import { useState } from "react";
import { TextareaField, fieldError, formError } from "~/components/documents/fields";
import { FormError } from "~/components/form-field";
import { useMandateAction } from "~/components/mandates/action-result";
import { FIELD_LABELS, REQUEST_FIELD_KEYS } from "./labels";
import type { OfferedForm } from "./request-work";

/**
 * The PM's request forms: per deliverable type, which fields the client's form shows and which
 * it requires (the title always), and guidance shown above it. Saved all at once.
 */
export function RequestFormsEditor({ forms }: { forms: OfferedForm[] }) {
  const { submitting, errorsFor } = useMandateAction();
  const errors = errorsFor("request-forms");
  // Rendered once opened: its many field labels ("Description"…) stay out of the page, and of label look-ups, until wanted.
  const [open, setOpen] = useState(!!errors);
  return (
    <details className="card" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Request forms</summary>
      {open ? <FormsForm forms={forms} /> : null}
    </details>
  );
}

function FormsForm({ forms }: { forms: OfferedForm[] }) {
  const { submitting, errorsFor } = useMandateAction();
  const errors = errorsFor("request-forms");
  return (
    <>
      <p className="hint">What the client's “Request work” form asks for each type of work. Types come from the service levels and the linked toolkits.</p>
      <FormError error={formError(errors, [])} />
      <Form method="post" preventScrollReset aria-label="Request forms">
        <input type="hidden" name="intent" value="request-forms" />
        {forms.map((f, i) => (
          <fieldset key={f.deliverableType}>
            <legend>{f.deliverableType}</legend>
            <input type="hidden" name={`forms.${i}.deliverableType`} value={f.deliverableType} />
            <div className="inline-form compact">
              {REQUEST_FIELD_KEYS.map((key) => (
                <label key={key} className="field">
                  {FIELD_LABELS[key]}
                  <select name={`forms.${i}.${key}`} defaultValue={f.fields[key]}>
                    <option value="hidden">hidden</option>
                    <option value="optional">optional</option>
                    <option value="required">required</option>
                  </select>
                </label>
              ))}
            </div>
            <TextareaField label="Guidance" name={`forms.${i}.guidance`} rows={2} maxLength={2000} defaultValue={f.guidance} error={fieldError(errors, `forms.${i}.guidance`)} />
          </fieldset>
        ))}
        <button type="submit" className="button primary" disabled={submitting === "request-forms"}>
          Save request forms
        </button>
      </Form>
    </>
  );
}
