import * as Dialog from "@radix-ui/react-dialog";
import { useRevalidator } from "@remix-run/react";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { SelectField, TextareaField } from "~/components/documents/fields";
import { FormError, FormField } from "~/components/form-field";
import { FIELD_LABELS, PRIORITY_LABELS, type RequestFieldKey } from "./labels";

export type OfferedForm = {
  deliverableType: string;
  fields: Record<RequestFieldKey, "hidden" | "optional" | "required">;
  guidance: string;
  turnaroundBusinessDays: number | null;
};
type Issue = { path: string; message: string };

const ACCEPT = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * "Request work": a client member picks a type and fills its form (the fields the PM chose,
 * with their guidance), attaches Word or PDF files, and sends it to the request API as
 * multipart (Ctrl+Enter sends it too). The page reloads its data once it is in.
 */
export function RequestWork({ mandateId, forms, onSent }: { mandateId: string; forms: OfferedForm[]; onSent: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState(forms[0]?.deliverableType ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; issues: Issue[] } | null>(null);
  const revalidator = useRevalidator();
  const form = forms.find((f) => f.deliverableType === type) ?? forms[0];
  const issue = (path: string) => error?.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const shown = (f: RequestFieldKey) => form && form.fields[f] !== "hidden";
  const required = (f: RequestFieldKey) => form?.fields[f] === "required";
  const label = (f: RequestFieldKey) => `${FIELD_LABELS[f]}${required(f) ? "" : " (optional)"}`;

  async function send(element: HTMLFormElement) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/v1/mandates/${mandateId}/requests`, { method: "POST", body: new FormData(element) });
      const body = (await response.json().catch(() => null)) as { deliverable?: { title: string }; error?: { message: string; details?: { issues?: Issue[] } } } | null;
      if (response.status === 201 && body?.deliverable) {
        setOpen(false);
        onSent(`Request “${body.deliverable.title}” sent: the team has been told.`);
        revalidator.revalidate();
      } else setError({ message: body?.error?.message ?? `The request was not sent (${response.status}).`, issues: body?.error?.details?.issues ?? [] });
    } catch {
      setError({ message: "The request did not reach the server. Check the connection and try again.", issues: [] });
    } finally {
      setBusy(false);
    }
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void send(event.currentTarget);
  };
  const ctrlEnter = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (event.currentTarget.reportValidity()) void send(event.currentTarget);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="button primary">Request work</Dialog.Trigger>
      <Dialog.Overlay className="dialog-overlay" />
      <Dialog.Content className="dialog">
        <Dialog.Title>Request work</Dialog.Title>
        <Dialog.Description className="hint">The team accepts or declines it; you see where it stands under Your requests. Ctrl+Enter sends it.</Dialog.Description>
        <form onSubmit={submit} onKeyDown={ctrlEnter} aria-label="Request work" encType="multipart/form-data">
          <FormError error={error && !error.issues.length ? error.message : undefined} />
          <SelectField label="Type of work" name="type" value={type} onChange={(e) => setType(e.currentTarget.value)} options={forms.map((f) => ({ value: f.deliverableType, label: f.deliverableType }))} error={issue("type")} />
          {form?.guidance ? <p className="notice">{form.guidance}</p> : null}
          {form?.turnaroundBusinessDays ? (
            <p className="hint">
              Agreed turnaround: {form.turnaroundBusinessDays} business {form.turnaroundBusinessDays === 1 ? "day" : "days"} from acceptance.
            </p>
          ) : null}
          <FormField label="Title" name="title" required maxLength={200} error={issue("title")} />
          {shown("description") ? <TextareaField label={label("description")} name="description" rows={4} required={required("description")} maxLength={5000} error={issue("description")} /> : null}
          {shown("priority") ? (
            <SelectField
              label={label("priority")}
              name="priority"
              required={required("priority")}
              defaultValue=""
              options={[{ value: "", label: "—" }, ...Object.entries(PRIORITY_LABELS).map(([value, l]) => ({ value, label: l }))]}
              error={issue("priority")}
            />
          ) : null}
          {shown("counterparty") ? <FormField label={label("counterparty")} name="counterparty" required={required("counterparty")} maxLength={200} error={issue("counterparty")} /> : null}
          {shown("desiredDate") ? <FormField label={label("desiredDate")} name="desiredDate" type="date" required={required("desiredDate")} error={issue("desiredDate")} /> : null}
          {shown("attachments") ? (
            <FormField
              label={label("attachments")}
              name="attachments"
              type="file"
              multiple
              accept={ACCEPT}
              required={required("attachments")}
              hint="Word (.docx) or PDF files, up to 10 MB each."
              error={issue("attachments")}
            />
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? "Sending…" : "Send request"}
            </button>
            <Dialog.Close className="button">Cancel</Dialog.Close>
          </div>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
