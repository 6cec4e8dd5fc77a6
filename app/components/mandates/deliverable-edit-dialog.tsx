import * as Dialog from "@radix-ui/react-dialog";
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { PresentedMandate } from "../../../server/mandates/presenter.ts";
import { SelectField, fieldError } from "~/components/documents/fields";
import { FormField } from "~/components/form-field";
import { useMandateAction, type ActionErrors } from "./action-result";
import { IntentButton } from "./intent-button";

type Deliverable = PresentedMandate["deliverables"][number];

/**
 * A deliverable's edit form in a dialog of its own: inside the table's Actions cell it squeezed
 * into a column a few words wide. The dialog stays open on a refusal (its errors beside their
 * fields) and closes once the save went through. Not portalled: it stays in its row's markup.
 */
export function DeliverableEditDialog({ deliverable: d, staff, errors }: { deliverable: Deliverable; staff: { id: string; name: string }[]; errors: ActionErrors | undefined }) {
  const { result, submitting, submittingId } = useMandateAction();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const editErrors = open ? errors : undefined;
  useEffect(() => {
    if (submitting === "deliverable-edit" && submittingId === d.id) setSent(true);
  }, [submitting, submittingId, d.id]);
  useEffect(() => {
    if (!sent || submitting) return;
    setSent(false);
    if (result?.ok) setOpen(false);
  }, [sent, submitting, result]);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="button small">Edit</Dialog.Trigger>
      <Dialog.Overlay className="dialog-overlay" />
      <Dialog.Content className="dialog">
        <Dialog.Title>Edit “{d.title}”</Dialog.Title>
        <Dialog.Description className="hint">
          {d.termsLocked
            ? "It has been delivered: its due date and fee no longer change (a change request moves them). Its title, type and owner."
            : "Its title, type, owner, due date and fee. Moving a due date needs a reason, shown with the deliverable."}
        </Dialog.Description>
        <Form method="post" preventScrollReset aria-label={`Edit ${d.title}`}>
          <input type="hidden" name="intent" value="deliverable-edit" />
          <input type="hidden" name="deliverableId" value={d.id} />
          <FormField label="Title" name="title" required maxLength={200} defaultValue={d.title} error={fieldError(editErrors, "title")} />
          <FormField label="Type" name="type" required maxLength={80} defaultValue={d.type} error={fieldError(editErrors, "type")} />
          <SelectField
            label="Owner"
            name="ownerId"
            defaultValue={d.owner?.id ?? ""}
            options={[{ value: "", label: "Nobody yet" }, ...staff.map((s) => ({ value: s.id, label: s.name }))]}
            error={fieldError(editErrors, "ownerId")}
          />
          {d.termsLocked ? (
            <p className="hint">
              Due {d.dueDate ?? "—"}, fee {d.fee.formatted}: locked since delivery.
            </p>
          ) : (
            <>
              <FormField label="Due date" name="dueDate" type="date" defaultValue={d.dueDate ?? ""} error={fieldError(editErrors, "dueDate")} />
              <FormField label="Fee" name="fee" inputMode="decimal" defaultValue={d.fee.formatted} error={fieldError(editErrors, "fee")} />
            </>
          )}
          {!d.termsLocked && d.dueDate ? (
            <FormField
              label="Reason for moving the due date"
              name="reason"
              maxLength={2000}
              hint="Needed to move the due date; the client sees it with the deliverable."
              error={fieldError(editErrors, "reason")}
            />
          ) : null}
          <button type="submit" className="button small primary">
            Save
          </button>
        </Form>
        {d.deletable ? (
          <details className="danger-zone">
            <summary>Delete…</summary>
            <p className="hint">It was never delivered: it goes with its status history and links. The activity feed keeps a record.</p>
            <IntentButton intent="deliverable-delete" fields={{ deliverableId: d.id }} label={`Delete ${d.title}`} danger disabled={submitting === "deliverable-delete"}>
              Yes, delete it
            </IntentButton>
          </details>
        ) : null}
        <Dialog.Close className="button small dialog-close">Close</Dialog.Close>
      </Dialog.Content>
    </Dialog.Root>
  );
}
