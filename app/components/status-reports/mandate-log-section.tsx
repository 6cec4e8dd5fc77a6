import { Form } from "@remix-run/react";
import { SelectField, TextareaField } from "~/components/documents/fields";
import { FormError, FormField } from "~/components/form-field";
import { IntentButton } from "~/components/mandates/intent-button";
import { formatCalendarDate } from "~/utils/format";
import type { PresentedLogEntry } from "../../../server/status-reports/index.ts";

type Errors = { formError?: string; fieldErrors?: Record<string, string> } | undefined;

const KIND_LABELS: Record<string, string> = { RISK: "Risk", ISSUE: "Issue", DECISION: "Decision" };

/**
 * The mandate's risk, issue and decision log (ADR 040): the provider's own, shown to its staff;
 * the team's editors add entries and close or reopen them. A status report shows the entries
 * open in its month.
 */
export function MandateLogSection({
  entries,
  canWrite,
  staff,
  today,
  errors,
  busy,
}: {
  entries: PresentedLogEntry[];
  canWrite: boolean;
  staff: { id: string; name: string }[];
  today: string;
  errors: Errors;
  busy: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="mandate-log-title">
      <h2 id="mandate-log-title">Risks, issues and decisions</h2>
      <p className="hint">The team's own log: a status report shows the entries open in its month to the client.</p>
      {entries.length === 0 ? (
        <p className="muted">Nothing logged yet.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Risks, issues and decisions</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Title</th>
              <th scope="col">Owner</th>
              <th scope="col">Raised</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{KIND_LABELS[e.kind] ?? e.kind}</td>
                <td>
                  {e.title}
                  {e.detail ? <p className="document-summary">{e.detail}</p> : null}
                </td>
                <td>{e.owner?.name ?? "—"}</td>
                <td>{formatCalendarDate(e.raisedOn)}</td>
                <td>{e.dueOn ? formatCalendarDate(e.dueOn) : "—"}</td>
                <td>
                  {e.status === "OPEN" ? "Open" : `Closed ${e.closedOn ? formatCalendarDate(e.closedOn) : ""}`}
                  {canWrite ? (
                    <IntentButton intent="log-status" fields={{ entryId: e.id, status: e.status === "OPEN" ? "CLOSED" : "OPEN" }} label={`${e.status === "OPEN" ? "Close" : "Reopen"} “${e.title}”`} disabled={busy}>
                      {e.status === "OPEN" ? "Close" : "Reopen"}
                    </IntentButton>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <Form method="post" aria-label="Add to the log" preventScrollReset noValidate>
          <input type="hidden" name="intent" value="log-add" />
          <FormError error={errors?.formError} />
          <SelectField label="Kind" name="kind" defaultValue="RISK" error={errors?.fieldErrors?.kind} options={[{ value: "RISK", label: "Risk" }, { value: "ISSUE", label: "Issue" }, { value: "DECISION", label: "Decision" }]} />
          <FormField label="Title" name="title" required maxLength={200} error={errors?.fieldErrors?.title} />
          <TextareaField label="Detail" name="detail" rows={2} maxLength={2000} error={errors?.fieldErrors?.detail} />
          <SelectField label="Owner" name="ownerId" defaultValue="" error={errors?.fieldErrors?.ownerId} options={[{ value: "", label: "Nobody yet" }, ...staff.map((p) => ({ value: p.id, label: p.name }))]} />
          <FormField label="Raised on" name="raisedOn" type="date" defaultValue={today} required error={errors?.fieldErrors?.raisedOn} />
          <FormField label="Due" name="dueOn" type="date" error={errors?.fieldErrors?.dueOn} hint="Optional: when it should be dealt with." />
          <button type="submit" className="button" disabled={busy}>
            Add to the log
          </button>
        </Form>
      ) : null}
    </section>
  );
}
