import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import type { PresentedMandate } from "../../../server/mandates/presenter.ts";
import type { OutcomeCounts } from "../../../server/outcomes/index.ts";
import {
  SelectField,
  fieldError,
  formError,
} from "~/components/documents/fields";
import { EmptyState } from "~/components/empty-state";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction } from "./action-result";
import { DeliverableStatusBadge } from "./badges";
import { DeliverableEditDialog } from "./deliverable-edit-dialog";
import type { PresentedEstimate } from "./estimate-panel";
import { ClientAnsweredLateForm, DeliverableSla, WaitOnClientForm } from "./deliverable-sla";
import { IntentButton } from "./intent-button";
import { deliverableMoveLabel, effortHours, type DeliverableStatusKey } from "./labels";
import { DeliveryAnswer, RequestDecision, RequestSummary } from "~/components/requests/deliverable-request-actions";

type Staff = { id: string; name: string }[];
export type Suggestions = {
  toolkitId: string;
  toolkitTitle: string;
  items: { documentId: string; title: string; templateTitle: string }[];
  error?: string;
} | null;

type DeliverablesProps = {
  mandate: PresentedMandate;
  staff: Staff;
  toolkits: { id: string; title: string }[];
  suggestions: Suggestions;
  /** Per deliverable: outcomes recorded and approvals pending (server/outcomes, ADR 036). */
  outcomeCounts: Record<string, OutcomeCounts>;
  /** The provider's estimate, with each deliverable's loss warning (ADR 039); null for a client. */
  estimate: PresentedEstimate | null;
};

/** The deliverables table with its status moves and edits, and the two ways to add deliverables. */
export function DeliverablesSection({ mandate, staff, toolkits, suggestions, outcomeCounts, estimate }: DeliverablesProps) {
  const { submitting, submittingId, errorsFor } = useMandateAction();
  const editable =
    mandate.abilities.update && mandate.abilities.allowedTransitions.length > 0;
  const canMove = editable && mandate.status === "ACTIVE";
  const internals = mandate.abilities.seeInternals;
  const moveErrors = errorsFor("deliverable-status");
  const editErrors = errorsFor("deliverable-edit");
  const lossOf = new Map(estimate?.deliverables.map((d) => [d.id, d.loss]) ?? []);
  const waitErrors = errorsFor("deliverable-wait");
  const answeredErrors = errorsFor("deliverable-answered");
  return (
    <section aria-labelledby="deliverables-title">
      <h2 id="deliverables-title">Deliverables</h2>
      {editable &&
      mandate.status !== "ACTIVE" &&
      mandate.deliverables.length ? (
        <p className="hint">
          Deliverables move through their states once the mandate is active.
        </p>
      ) : null}
      <FormError error={moveErrors?.formError ?? formError(moveErrors, [])} />
      <FormError error={formError(editErrors, ["title", "type", "ownerId", "dueDate", "fee", "reason"])} />
      <FormError error={waitErrors?.formError ?? formError(waitErrors, ["reason"])} />
      {mandate.deliverables.length === 0 ? (
        <EmptyState title="No deliverables yet">
          <p>
            {editable
              ? "Add them one by one below, or several at once from the deliverable types an attached toolkit names."
              : "The legal team has not planned any deliverables for this mandate yet."}
          </p>
        </EmptyState>
      ) : (
        <table className="table cards deliverables-table">
          <thead>
            <tr>
              <th scope="col">Deliverable</th>
              <th scope="col">Status</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Fee</th>
              {internals ? <th scope="col">Effort (h)</th> : null}
              {internals ? <th scope="col">Cost</th> : null}
              {editable ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {mandate.deliverables.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.title}
                  {d.type !== d.title ? <span className="document-summary">{d.type}</span> : null}
                  <RequestSummary deliverable={d} />
                  {d.sourceDocumentId ? (
                    <span className="document-summary">
                      <Link to={`/documents/${d.sourceDocumentId}`}>
                        Template
                      </Link>
                    </span>
                  ) : null}
                  <OutcomesLink mandateId={mandate.id} deliverable={d} counts={outcomeCounts[d.id]} />
                  {internals ? (
                    <span className="document-summary">
                      <Link to={`/mandates/${mandate.id}/deliverables/${d.id}/time`} aria-label={`Time entered on ${d.title}`}>
                        Time
                      </Link>
                    </span>
                  ) : null}
                  {lossOf.get(d.id) ? (
                    <span className="document-summary loss-warning">
                      <strong>Loss warning:</strong> {lossOf.get(d.id)!.message}
                    </span>
                  ) : null}
                  {d.deliveryRecord ? <DeliveryRecordLine record={d.deliveryRecord} /> : null}
                  <DeliverableSla deliverable={d} internals={internals} />
                </td>
                <td data-label="Status">
                  <DeliverableStatusBadge status={d.status} />
                  <DeliveryAnswer deliverable={d} forClient={!internals} />
                </td>
                <td data-label="Owner">{d.owner?.name ?? "—"}</td>
                <td data-label="Due">
                  {d.dueDate ?? "—"}
                  {d.baselineDueDate && d.baselineDueDate !== d.dueDate ? (
                    <span className="document-summary">
                      Baseline {d.baselineDueDate}
                    </span>
                  ) : null}
                </td>
                <td data-label="Fee">{d.fee.formatted}</td>
                {internals ? <td data-label="Effort (h)">{effortHours(d.effortMinutes) || "—"}</td> : null}
                {internals ? (
                  <td data-label="Cost">
                    {d.cost?.formatted ?? "—"}
                    {d.unratedMinutes ? <span className="document-summary">{effortHours(d.unratedMinutes)} h unrated</span> : null}
                  </td>
                ) : null}
                {editable ? (
                  <td data-label="Actions">
                    {canMove && d.can.decideRequest ? <RequestDecision deliverable={d} turnaround={turnaroundOf(mandate, d.type)} /> : null}
                    {canMove && d.allowedTransitions.length ? (
                      <div
                        className="transition-buttons"
                        role="group"
                        aria-label={`Move ${d.title}`}
                      >
                        {d.allowedTransitions.map((to) =>
                          to === "WAITING_ON_CLIENT" ? (
                            <WaitOnClientForm
                              key={to}
                              deliverable={d}
                              timeZone={mandate.timeZone}
                              errors={waitErrors}
                              disabled={
                                submitting === "deliverable-wait" &&
                                submittingId === d.id
                              }
                            />
                          ) : (
                            <IntentButton
                              key={to}
                              intent="deliverable-status"
                              fields={{ deliverableId: d.id, status: to }}
                              label={`${deliverableMoveLabel(
                                d.status,
                                to as DeliverableStatusKey
                              )}: ${d.title}`}
                              disabled={
                                submitting === "deliverable-status" &&
                                submittingId === d.id
                              }
                            >
                              {deliverableMoveLabel(
                                d.status,
                                to as DeliverableStatusKey
                              )}
                            </IntentButton>
                          )
                        )}
                        {d.status === "WAITING_ON_CLIENT" && d.allowedTransitions.includes("IN_PROGRESS") ? (
                          <ClientAnsweredLateForm
                            deliverable={d}
                            timeZone={mandate.timeZone}
                            errors={answeredErrors}
                            disabled={submitting === "deliverable-answered" && submittingId === d.id}
                          />
                        ) : null}
                      </div>
                    ) : null}
                    {mandate.abilities.update ? (
                      <Link
                        className="button small"
                        to={`/mandates/${mandate.id}/deliverables/${d.id}/generate`}
                        aria-label={`Generate a document from a template for ${d.title}`}
                      >
                        From template
                      </Link>
                    ) : null}
                    <DeliverableEditDialog deliverable={d} staff={staff} errors={editErrors} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable ? <AddDeliverable mandate={mandate} staff={staff} /> : null}
      {editable ? (
        <AddFromToolkit
          mandate={mandate}
          staff={staff}
          toolkits={toolkits}
          suggestions={suggestions}
        />
      ) : null}
    </section>
  );
}

/** The mandate's service level for a type (ignoring case, the first), as the server matches it. */
const turnaroundOf = (mandate: PresentedMandate, type: string) =>
  mandate.serviceLevels.find((l) => l.deliverableType.toLowerCase() === type.toLowerCase())?.turnaroundBusinessDays ?? null;

/** "Outcomes (3)" with "2 approvals pending" and "1 declined" (each blocks delivery): the deliverable's negotiation outcomes page. */
function OutcomesLink({
  mandateId,
  deliverable,
  counts = { recorded: 0, pending: 0, declined: 0 },
}: {
  mandateId: string;
  deliverable: { id: string; title: string };
  counts?: OutcomeCounts;
}) {
  const badges = [
    ...(counts.pending
      ? [
          {
            kind: "pending",
            text: `${counts.pending} ${
              counts.pending === 1 ? "approval" : "approvals"
            } pending`,
          },
        ]
      : []),
    ...(counts.declined
      ? [{ kind: "declined", text: `${counts.declined} declined` }]
      : []),
  ];
  return (
    <span className="document-summary outcomes-link">
      <Link
        to={`/mandates/${mandateId}/deliverables/${deliverable.id}/outcomes`}
        aria-label={`Outcomes of ${deliverable.title}: ${[
          `${counts.recorded} recorded`,
          ...badges.map((b) => b.text),
        ].join(", ")}`}
      >
        Outcomes ({counts.recorded})
      </Link>
      {badges.map((b) => (
        <span
          key={b.kind}
          className={`badge outcome-${b.kind}`}
          aria-hidden="true"
        >
          {b.text}
        </span>
      ))}
    </span>
  );
}

type DeliveryRecordView = NonNullable<
  PresentedMandate["deliverables"][number]["deliveryRecord"]
>;

/** The latest delivery's line, and the full record (versions and content hashes) on demand. */
function DeliveryRecordLine({ record }: { record: DeliveryRecordView }) {
  return (
    <div className="delivery-record">
      <p className="document-summary" data-testid="delivery-record-line">
        {record.line}.
      </p>
      <details>
        <summary>
          Delivery record
          {record.sequence > 1 ? ` (delivery ${record.sequence})` : ""}
        </summary>
        <ul>
          {record.items.map((item, i) => (
            <li key={i}>
              {ITEM_ROLE_LABELS[item.role]}: {item.document.title}
              {item.version
                ? ` v${item.version.number}`
                : " (no version in force)"}
              {item.version?.contentHash ? (
                <code title="SHA-256 of the content">
                  {" "}
                  {item.version.contentHash.slice(0, 12)}…
                </code>
              ) : null}
            </li>
          ))}
          {record.outcomes.map((o) => (
            <li key={`${o.documentId}:${o.clauseId}`}>
              Outcome: {o.clauseName} —{" "}
              {o.outcome === "FALLBACK"
                ? `fallback ${o.fallbackIndex}`
                : o.outcome.toLowerCase().replace("_", " ")}
              {o.approvalStatus
                ? `, ${o.approvalStatus.toLowerCase()}${
                    o.decidedBy
                      ? ` by ${o.decidedBy}${o.onBehalf ? " (admin)" : ""}`
                      : ""
                  }`
                : ""}
            </li>
          ))}
        </ul>
        <a
          href={`/api/v1/deliverables/${record.deliverableId}/delivery-records`}
        >
          Full record (JSON)
        </a>
      </details>
    </div>
  );
}

const ITEM_ROLE_LABELS: Record<
  DeliveryRecordView["items"][number]["role"],
  string
> = {
  DELIVERED: "Delivered",
  IN_FORCE: "In force",
  TEMPLATE: "Template used",
};

const ADD_FIELDS = [
  "title",
  "type",
  "description",
  "ownerId",
  "dueDate",
  "fee",
];

function AddDeliverable({
  mandate,
  staff,
}: {
  mandate: PresentedMandate;
  staff: Staff;
}) {
  const { submitting, errorsFor } = useMandateAction();
  const errors = errorsFor("add-deliverable");
  return (
    <details
      className="card"
      open={!!errors || mandate.deliverables.length === 0}
    >
      <summary>Add a deliverable</summary>
      <FormError error={formError(errors, ADD_FIELDS)} />
      {/* A new key once a deliverable is added empties the form for the next one. */}
      <Form
        method="post"
        preventScrollReset
        key={`add-${mandate.deliverables.length}`}
      >
        <input type="hidden" name="intent" value="add-deliverable" />
        <FormField
          label="Title"
          name="title"
          required
          maxLength={200}
          error={fieldError(errors, "title")}
        />
        <FormField
          label="Type"
          name="type"
          required
          maxLength={80}
          placeholder="e.g. NDA review"
          hint="Service levels are set per type."
          error={fieldError(errors, "type")}
        />
        <SelectField
          label="Owner"
          name="ownerId"
          options={[
            { value: "", label: "Nobody yet" },
            ...staff.map((s) => ({ value: s.id, label: s.name })),
          ]}
          error={fieldError(errors, "ownerId")}
        />
        <FormField
          label="Due date"
          name="dueDate"
          type="date"
          error={fieldError(errors, "dueDate")}
        />
        <FormField
          label={`Fee (${mandate.currency})`}
          name="fee"
          inputMode="decimal"
          placeholder="0.00"
          error={fieldError(errors, "fee")}
        />
        <button
          type="submit"
          className="button primary"
          disabled={submitting === "add-deliverable"}
        >
          Add deliverable
        </button>
      </Form>
    </details>
  );
}

function AddFromToolkit({ mandate, staff, toolkits, suggestions: offered }: Omit<DeliverablesProps, "outcomeCounts" | "estimate">) {
  const { result, submitting, errorsFor } = useMandateAction();
  const errors = errorsFor("add-from-toolkit");
  const fields = [
    "fromToolkit.documentIds",
    "fromToolkit.ownerId",
    "fromToolkit.dueDate",
    "fromToolkit.fee",
    "fromToolkit",
  ];
  // Once added, the filled-in suggestions go and the card closes, rather than invite the same
  // templates in twice; choosing a toolkit again brings a fresh form.
  const suggestions =
    result?.ok && result.intent === "add-from-toolkit" ? null : offered;
  // A second submit before the page knows the first is under way (a double click) would add everything twice.
  const sending = useRef(false);
  useEffect(() => {
    if (submitting !== "add-from-toolkit") sending.current = false;
  }, [submitting]);
  const sendOnce = (event: FormEvent) => {
    if (sending.current) event.preventDefault();
    sending.current = true;
  };
  return (
    <details
      className="card"
      open={
        !!suggestions ||
        !!errors ||
        (toolkits.length > 0 && mandate.deliverables.length === 0)
      }
    >
      <summary>Add deliverables from a toolkit</summary>
      {toolkits.length === 0 ? (
        <p className="hint">
          Attach a toolkit under Resources first: the deliverable types it names
          become suggested deliverables.
        </p>
      ) : (
        <Form
          method="get"
          className="inline-form compact"
          preventScrollReset
          aria-label="Choose a toolkit"
        >
          <SelectField
            label="Toolkit"
            name="toolkit"
            defaultValue={suggestions?.toolkitId ?? toolkits[0]?.id}
            options={toolkits.map((t) => ({ value: t.id, label: t.title }))}
          />
          <button type="submit" className="button">
            Show suggested deliverables
          </button>
        </Form>
      )}
      {suggestions?.error ? (
        <p className="notice warning">{suggestions.error}</p>
      ) : null}
      {suggestions && !suggestions.error && suggestions.items.length === 0 ? (
        <p className="notice">
          “{suggestions.toolkitTitle}” names no deliverable types, so it
          suggests no deliverables: its editors name them on the toolkit's page,
          beside each template (or in its library file's deliverables field).
        </p>
      ) : null}
      {suggestions && !suggestions.error && suggestions.items.length > 0 ? (
        <Form
          method="post"
          preventScrollReset
          aria-label={`Suggested deliverables from ${suggestions.toolkitTitle}`}
          onSubmit={sendOnce}
        >
          <input type="hidden" name="intent" value="add-from-toolkit" />
          <input type="hidden" name="toolkitId" value={suggestions.toolkitId} />
          <FormError
            error={
              formError(errors, fields) ?? fieldError(errors, "fromToolkit")
            }
          />
          <fieldset className="suggestions">
            <legend>Suggested by “{suggestions.toolkitTitle}”</legend>
            {suggestions.items.map((s) => (
              <label key={s.documentId} className="choice">
                <input
                  type="checkbox"
                  name="documentIds"
                  value={s.documentId}
                  defaultChecked
                />{" "}
                {s.title}{" "}
                <span className="hint">(drafted from {s.templateTitle})</span>
              </label>
            ))}
            {fieldError(errors, "fromToolkit.documentIds") ? (
              <p className="field-error" role="alert">
                {fieldError(errors, "fromToolkit.documentIds")}
              </p>
            ) : null}
          </fieldset>
          <SelectField
            label="Owner of each"
            name="ownerId"
            options={[
              { value: "", label: "Nobody yet" },
              ...staff.map((s) => ({ value: s.id, label: s.name })),
            ]}
            error={fieldError(errors, "fromToolkit.ownerId")}
          />
          <FormField
            label="Due date of each"
            name="dueDate"
            type="date"
            error={fieldError(errors, "fromToolkit.dueDate")}
          />
          <FormField
            label={`Fee of each (${mandate.currency})`}
            name="fee"
            inputMode="decimal"
            placeholder="0.00"
            error={fieldError(errors, "fromToolkit.fee")}
          />
          <button
            type="submit"
            className="button primary"
            disabled={submitting === "add-from-toolkit"}
          >
            Add the chosen deliverables
          </button>
        </Form>
      ) : null}
    </details>
  );
}
