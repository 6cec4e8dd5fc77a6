import { Form } from "@remix-run/react";
import type { PresentedDeliverable } from "../../../server/mandates/presenter.ts";
import { fieldError } from "~/components/documents/fields";
import { FormField } from "~/components/form-field";

const LONG_DAY = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
});
const longDay = (iso: string) => LONG_DAY.format(new Date(iso));
const days = (n: number) => `${n} business ${n === 1 ? "day" : "days"}`;

/**
 * A deliverable's SLA clock on its row (ADR 041): why it waits on the client and since when
 * ("Waiting on you" to the client), the provider's log of waits with their lengths in business
 * days, its due-date moves with their reasons, and the turnaround stored at its first delivery.
 */
export function DeliverableSla({
  deliverable: d,
  internals,
}: {
  deliverable: PresentedDeliverable;
  internals: boolean;
}) {
  const past = d.waits.filter((w) => w.endedAt !== null);
  return (
    <>
      {d.waitingOn ? (
        <span className="document-summary waiting-on">
          {internals ? "Waiting on client" : "Waiting on you"}:{" "}
          {d.waitingOn.reason}, since {longDay(d.waitingOn.since)}
        </span>
      ) : null}
      {internals && past.length ? (
        <details className="document-summary">
          <summary>
            Waited on the client{" "}
            {past.length === 1 ? "once" : `${past.length} times`}:{" "}
            {days(past.reduce((sum, w) => sum + w.businessDays, 0))}
          </summary>
          <ul>
            {past.map((w) => (
              <li key={w.id}>
                {longDay(w.startedAt)} → {longDay(w.endedAt!)}: {w.reason} (
                {days(w.businessDays)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {d.dueDateChanges.map((c) => (
        <span key={c.id} className="document-summary">
          Due date moved {c.from ?? "—"} → {c.to ?? "—"} on {longDay(c.at)}:{" "}
          {c.reason}
        </span>
      ))}
      {d.turnaround ? (
        <span
          className="document-summary"
          title={`${d.turnaround.definition}: ${d.turnaround.definitionText}`}
        >
          Turnaround {days(d.turnaround.businessDays)} (
          {d.turnaround.definition})
        </span>
      ) : null}
    </>
  );
}

/** "Wait on client" from the row: the reason is asked for here, as the client reads it. */
/** The forms that move a deliverable into or out of waiting on the client. */
type WaitFormProps = {
  deliverable: PresentedDeliverable;
  /** The mandate's: a late time is read in it. */
  timeZone: string;
  errors: Parameters<typeof fieldError>[0];
  disabled: boolean;
};

export function WaitOnClientForm({ deliverable: d, timeZone, errors, disabled }: WaitFormProps) {
  return (
    <details className="wait-on-client">
      <summary className="button small">Wait on client</summary>
      <Form
        method="post"
        preventScrollReset
        aria-label={`Wait on client: ${d.title}`}
      >
        <input type="hidden" name="intent" value="deliverable-wait" />
        <input type="hidden" name="deliverableId" value={d.id} />
        <FormField
          label="What it waits for"
          name="reason"
          required
          maxLength={2000}
          hint="The client sees this. The SLA clock stops until they answer."
          error={fieldError(errors, "reason")}
        />
        <LateTimeField name="since" label="Waiting since (optional)" timeZone={timeZone} errors={errors} />
        <button
          type="submit"
          className="button small primary"
          disabled={disabled}
        >
          Stop the clock
        </button>
      </Form>
    </details>
  );
}

/** A time recorded after the fact: a clock time in the mandate's zone (the server bounds how far back); blank is now. */
function LateTimeField({ name, label, timeZone, errors }: { name: "since" | "answeredAt"; label: string; timeZone: string; errors: Parameters<typeof fieldError>[0] }) {
  return (
    <FormField
      label={label}
      name={name}
      type="datetime-local"
      hint={`Leave empty for now; otherwise the time in ${timeZone}.`}
      error={fieldError(errors, name)}
    />
  );
}

/** "Client answered" recorded late: when the answer came, if not now; the clock runs again from then. */
export function ClientAnsweredLateForm({ deliverable: d, timeZone, errors, disabled }: WaitFormProps) {
  return (
    <details className="wait-on-client">
      <summary className="button small">Answered earlier…</summary>
      <Form method="post" preventScrollReset aria-label={`The client answered earlier: ${d.title}`}>
        <input type="hidden" name="intent" value="deliverable-answered" />
        <input type="hidden" name="deliverableId" value={d.id} />
        <LateTimeField name="answeredAt" label="When the client answered" timeZone={timeZone} errors={errors} />
        <button type="submit" className="button small primary" disabled={disabled}>
          Record the answer
        </button>
      </Form>
    </details>
  );
}
