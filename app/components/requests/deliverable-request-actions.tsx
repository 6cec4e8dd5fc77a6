import { Form } from "@remix-run/react";
import type { PresentedDeliverable } from "../../../server/mandates/presenter.ts";
import { SelectField, TextareaField, fieldError } from "~/components/documents/fields";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction } from "~/components/mandates/action-result";
import { IntentButton } from "~/components/mandates/intent-button";
import { ACCEPTED_VIA_LABELS, PRIORITY_LABELS, type AcceptedViaKey } from "./labels";

/**
 * A client request's decision, in the deliverable's Actions cell (its PM or an admin): accept —
 * due as the service level says, or on the date given where none covers the type — or decline
 * with a reason the client will read.
 */
export function RequestDecision({ deliverable: d, turnaround }: { deliverable: PresentedDeliverable; turnaround: number | null }) {
  const { submitting, submittingId, errorsFor } = useMandateAction();
  const errors = errorsFor("request-decide");
  const busy = submitting === "request-decide" && submittingId === d.id;
  return (
    <div className="request-decision">
      <FormError error={errors?.formError} />
      <Form method="post" preventScrollReset className="inline-form compact" aria-label={`Accept ${d.title}`}>
        <input type="hidden" name="intent" value="request-decide" />
        <input type="hidden" name="deliverableId" value={d.id} />
        <input type="hidden" name="decision" value="accept" />
        {turnaround === null ? <FormField label="Due date" name="dueDate" type="date" required error={fieldError(errors, "dueDate")} /> : <p className="hint">Due {turnaround} business days from now (service level).</p>}
        <button type="submit" className="button small primary" disabled={busy} aria-label={`Accept request: ${d.title}`}>
          Accept request
        </button>
      </Form>
      <details>
        <summary>Decline…</summary>
        <Form method="post" preventScrollReset aria-label={`Decline ${d.title}`}>
          <input type="hidden" name="intent" value="request-decide" />
          <input type="hidden" name="deliverableId" value={d.id} />
          <input type="hidden" name="decision" value="decline" />
          <TextareaField label="Reason (the client reads it)" name="reason" rows={2} required maxLength={2000} error={fieldError(errors, "reason")} />
          <button type="submit" className="button small danger" disabled={busy} aria-label={`Decline request: ${d.title}`}>
            Decline request
          </button>
        </Form>
      </details>
    </div>
  );
}

/** What the client asked for, under the deliverable's title: priority, counterparty, wanted-by date and files. */
export function RequestSummary({ deliverable: d }: { deliverable: PresentedDeliverable }) {
  if (!d.request) return null;
  const r = d.request;
  return (
    <span className="document-summary request-summary">
      Requested {r.requestedAt?.slice(0, 10)}
      {r.priority ? ` · ${PRIORITY_LABELS[r.priority]} priority` : ""}
      {r.counterparty ? ` · ${r.counterparty}` : ""}
      {r.desiredDate ? ` · wanted by ${r.desiredDate}` : ""}
      {r.attachments.map((a) => (
        <span key={a.id}>
          {" · "}
          <a href={a.href} download>
            {a.name}
          </a>
        </span>
      ))}
      {d.status === "DECLINED" && r.declineReason ? <span className="document-summary">Declined: {r.declineReason}</span> : null}
    </span>
  );
}

/**
 * Under a deliverable's status: how it was accepted, why it was last rejected, the
 * deemed-acceptance countdown while it awaits an answer, and the answer itself — the client's
 * accept or reject, or an admin's record of the client's written answer.
 */
export function DeliveryAnswer({ deliverable: d, forClient }: { deliverable: PresentedDeliverable; forClient: boolean }) {
  const { submitting, submittingId, errorsFor } = useMandateAction();
  const errors = errorsFor("delivery-answer");
  const busy = submitting === "delivery-answer" && submittingId === d.id;
  return (
    <div className="delivery-answer">
      {d.status === "ACCEPTED" && d.acceptedVia ? <span className="document-summary accepted-via">{ACCEPTED_VIA_LABELS[d.acceptedVia as AcceptedViaKey]}</span> : null}
      {(d.status === "REJECTED" || d.status === "IN_PROGRESS") && d.rejectionReason ? <span className="document-summary">Rejected: {d.rejectionReason}</span> : null}
      {d.deemedAcceptanceDay ? (
        <span className="document-summary countdown">
          Deemed accepted on {d.deemedAcceptanceDay} unless {forClient ? "you accept or reject" : "the client answers"}
        </span>
      ) : null}
      {d.can.answerDelivery || d.can.answerOnBehalf ? <FormError error={errors?.formError} /> : null}
      {d.can.answerDelivery ? (
        <div className="transition-buttons" role="group" aria-label={`Answer the delivery of ${d.title}`}>
          <IntentButton intent="delivery-answer" fields={{ deliverableId: d.id, decision: "accept" }} label={`Accept: ${d.title}`} disabled={busy}>
            Accept
          </IntentButton>
          <details>
            <summary>Reject…</summary>
            <Form method="post" preventScrollReset aria-label={`Reject ${d.title}`}>
              <input type="hidden" name="intent" value="delivery-answer" />
              <input type="hidden" name="deliverableId" value={d.id} />
              <input type="hidden" name="decision" value="reject" />
              <TextareaField label="What needs to change" name="reason" rows={3} required maxLength={2000} error={fieldError(errors, "reason")} />
              <button type="submit" className="button small danger" disabled={busy} aria-label={`Reject: ${d.title}`}>
                Reject
              </button>
            </Form>
          </details>
        </div>
      ) : null}
      {d.can.answerOnBehalf ? (
        <details>
          <summary>Record the client's answer…</summary>
          <Form method="post" preventScrollReset aria-label={`Record the client's answer to ${d.title}`}>
            <input type="hidden" name="intent" value="delivery-answer" />
            <input type="hidden" name="deliverableId" value={d.id} />
            <input type="hidden" name="onBehalf" value="true" />
            <SelectField label="The client" name="decision" options={[{ value: "accept", label: "accepted it" }, { value: "reject", label: "rejected it" }]} />
            <FormField label="Where their answer is" name="clientAnswer" required maxLength={2000} placeholder="Their email of 14 December" error={fieldError(errors, "clientAnswer")} />
            <TextareaField label="Their reason (for a rejection)" name="reason" rows={2} maxLength={2000} error={fieldError(errors, "reason")} />
            <button type="submit" className="button small" disabled={busy}>
              Record on the client's behalf
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
