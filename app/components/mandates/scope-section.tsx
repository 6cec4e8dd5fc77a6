import { Form } from "@remix-run/react";
import type { PresentedBreach, PresentedChangeRequest } from "../../../server/change-control/index.ts";
import type { Assumptions } from "../../../server/change-control/index.ts";
import { TextareaField, fieldError, formError } from "~/components/documents/fields";
import { FormError, FormField } from "~/components/form-field";
import { formatCalendarDate, formatDate } from "~/utils/format";
import { useMandateAction } from "./action-result";
import { IntentButton } from "./intent-button";

export type ScopeData = {
  assumptions: Assumptions | null;
  breaches: PresentedBreach[];
  changeRequests: PresentedChangeRequest[];
  baseline: { budget: { formatted: string } | null; targetDate: string | null };
  abilities: { manage: boolean; decide: boolean };
};

const STATUS_LABELS: Record<PresentedChangeRequest["status"], string> = {
  DRAFT: "Draft",
  SENT: "Awaiting the client's decision",
  APPROVED: "Approved",
  DECLINED: "Declined",
  WITHDRAWN: "Withdrawn",
};

const volumeLines = (a: Assumptions) => a.volumes.map((v) => `${v.deliverableType ?? "Any"}: ${v.maxPerMonth}`).join("\n");

/**
 * The engagement's assumptions and the breaches found against them (the provider's team only),
 * and the change requests: drafted and sent by the PM, decided by the client (ADR 043).
 */
export function ScopeSection({ scope, currency }: { scope: ScopeData; currency: string }) {
  const { submitting, errorsFor } = useMandateAction();
  const { assumptions, breaches, abilities } = scope;
  const assumptionErrors = errorsFor("assumptions");
  return (
    <>
      {assumptions ? (
        <section aria-labelledby="scope-title" id="scope">
          <h2 id="scope-title">Assumptions</h2>
          <ul className="assumption-list">
            <li>Volumes per month: {assumptions.volumes.length ? assumptions.volumes.map((v) => `${v.maxPerMonth} ${v.deliverableType ?? "of any type"}`).join(", ") : "none agreed"}</li>
            <li>Client response time: {assumptions.responseBusinessDays === null ? "none agreed" : `${assumptions.responseBusinessDays} business days`}</li>
            <li>Negotiation rounds: {assumptions.maxRounds === null ? "none agreed" : `${assumptions.maxRounds} per deliverable`}</li>
            <li>Out of scope: {assumptions.outOfScopeTypes.length ? assumptions.outOfScopeTypes.join(", ") : "nothing listed"}</li>
          </ul>
          {scope.baseline.budget ? (
            <p className="hint">
              Baseline before approved changes: budget {scope.baseline.budget.formatted}
              {scope.baseline.targetDate ? `, target ${formatCalendarDate(scope.baseline.targetDate)}` : ""}.
            </p>
          ) : null}
          {abilities.manage ? (
            <details>
              <summary>Edit assumptions</summary>
              <Form method="post" preventScrollReset className="stack">
                <input type="hidden" name="intent" value="assumptions" />
                <FormError error={formError(assumptionErrors, ["volumes", "responseBusinessDays", "maxRounds", "outOfScopeTypes"])} />
                <TextareaField
                  label="Volumes per month"
                  name="volumes"
                  hint="One per line, “Type: number”; “Any: number” counts every type."
                  defaultValue={volumeLines(assumptions)}
                  error={fieldError(assumptionErrors, "volumes")}
                  rows={3}
                />
                <FormField label="Client response time (business days)" name="responseBusinessDays" inputMode="numeric" defaultValue={assumptions.responseBusinessDays ?? ""} error={fieldError(assumptionErrors, "responseBusinessDays")} />
                <FormField label="Negotiation rounds per deliverable" name="maxRounds" inputMode="numeric" defaultValue={assumptions.maxRounds ?? ""} error={fieldError(assumptionErrors, "maxRounds")} />
                <FormField label="Out-of-scope types" name="outOfScopeTypes" hint="Separated by commas." defaultValue={assumptions.outOfScopeTypes.join(", ")} error={fieldError(assumptionErrors, "outOfScopeTypes")} />
                <button type="submit" className="button" disabled={submitting === "assumptions"}>
                  Save assumptions
                </button>
              </Form>
            </details>
          ) : null}

          <h3>Breaches</h3>
          <FormError error={errorsFor("cr-from-breach")?.formError} />
          {breaches.length === 0 ? (
            <p className="hint">No work has gone past the assumptions.</p>
          ) : (
            <ul className="breach-list">
              {breaches.map((b) => (
                <li key={b.id}>
                  <p>
                    <strong>{b.sentence}</strong> <span className="hint">Found {formatDate(b.detectedAt)}.</span>
                  </p>
                  <BreachEvidence breach={b} />
                  {abilities.manage ? (
                    <IntentButton intent="cr-from-breach" fields={{ breachId: b.id }} label={`Draft change request: ${b.sentence}`}>
                      Draft change request
                    </IntentButton>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <ChangeRequests scope={scope} currency={currency} />
    </>
  );
}

function BreachEvidence({ breach }: { breach: PresentedBreach }) {
  const { evidence } = breach;
  return (
    <ul className="hint breach-evidence">
      {evidence.wait ? (
        <li>
          Waiting on the client since {formatDate(evidence.wait.startedAt)}
          {evidence.wait.endedAt ? ` until ${formatDate(evidence.wait.endedAt)}` : ""} ({evidence.wait.reason}): {evidence.wait.businessDays} business days.
        </li>
      ) : null}
      {evidence.deliveries ? <li>Delivered on {evidence.deliveries.map(formatDate).join(", ")}.</li> : null}
      {!evidence.wait && !evidence.deliveries
        ? evidence.deliverables.map((d) => (
            <li key={d.id}>
              {d.title} ({d.type}), {formatDate(d.at)}
            </li>
          ))
        : null}
    </ul>
  );
}

function ChangeRequests({ scope, currency }: { scope: ScopeData; currency: string }) {
  const { submitting, errorsFor } = useMandateAction();
  const draftErrors = errorsFor("cr-draft");
  const editErrors = errorsFor("cr-edit");
  const { changeRequests, abilities } = scope;
  if (!abilities.manage && !abilities.decide && changeRequests.length === 0) return null;
  return (
    <section aria-labelledby="change-requests-title" id="change-requests">
      <h2 id="change-requests-title">Change requests</h2>
      <FormError error={errorsFor("cr-send")?.formError ?? errorsFor("cr-withdraw")?.formError ?? errorsFor("cr-approve")?.formError} />
      {changeRequests.length === 0 ? <p className="hint">No change requests.</p> : null}
      <ul className="change-request-list">
        {changeRequests.map((r) => (
          <li key={r.id} aria-label={`Change request: ${r.title}`}>
            <h3>
              {r.title} <span className="badge">{STATUS_LABELS[r.status]}</span>
            </h3>
            <p>{r.justification}</p>
            <ul className="hint">
              {r.scope.length ? <li>Adds {r.scope.map((s) => `${s.count} × ${s.deliverableType}`).join(", ")}</li> : null}
              {r.budgetDelta.minor !== 0 ? (
                <li>
                  Fee change: {r.budgetDelta.formatted} {currency}
                </li>
              ) : null}
              {r.newTargetDate ? <li>New target date: {formatCalendarDate(r.newTargetDate)}</li> : null}
              {r.breach ? <li>Because: {r.breach.sentence}</li> : null}
              {r.decidedAt ? (
                <li>
                  {r.status === "APPROVED" ? "Approved" : "Declined"} {r.decidedBy?.name ? `by ${r.decidedBy.name} ` : ""}on {formatDate(r.decidedAt)}
                  {r.declineReason ? `: ${r.declineReason}` : ""}
                </li>
              ) : null}
            </ul>
            <div className="button-row">
              {r.actions.send ? (
                <IntentButton intent="cr-send" fields={{ changeRequestId: r.id }} label={`Send “${r.title}” to the client`}>
                  Send to the client
                </IntentButton>
              ) : null}
              {r.actions.withdraw ? (
                <IntentButton intent="cr-withdraw" fields={{ changeRequestId: r.id }} label={`Withdraw “${r.title}”`} danger>
                  Withdraw
                </IntentButton>
              ) : null}
              {r.actions.decide ? (
                <IntentButton intent="cr-approve" fields={{ changeRequestId: r.id }} label={`Approve “${r.title}”`} disabled={submitting === "cr-approve"}>
                  Approve
                </IntentButton>
              ) : null}
            </div>
            {r.actions.edit ? (
              <details>
                <summary>Edit draft</summary>
                <ChangeRequestForm intent="cr-edit" currency={currency} errors={editErrors} busy={submitting === "cr-edit"} request={r} />
              </details>
            ) : null}
            {r.actions.decide ? (
              <details>
                <summary>Decline</summary>
                <Form method="post" preventScrollReset className="stack">
                  <input type="hidden" name="intent" value="cr-decline" />
                  <input type="hidden" name="changeRequestId" value={r.id} />
                  <TextareaField label="Why you decline" name="reason" required error={fieldError(errorsFor("cr-decline"), "reason")} rows={2} />
                  <button type="submit" className="button danger" disabled={submitting === "cr-decline"}>
                    Decline
                  </button>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {abilities.manage ? (
        <details>
          <summary>New change request</summary>
          <ChangeRequestForm intent="cr-draft" currency={currency} errors={draftErrors} busy={submitting === "cr-draft"} />
        </details>
      ) : null}
    </section>
  );
}

/** A change request's fields: empty for a new draft, the draft's own when editing it. */
function ChangeRequestForm({
  intent,
  currency,
  errors,
  busy,
  request,
}: {
  intent: "cr-draft" | "cr-edit";
  currency: string;
  errors: ReturnType<ReturnType<typeof useMandateAction>["errorsFor"]>;
  busy: boolean;
  request?: PresentedChangeRequest;
}) {
  return (
    <Form method="post" preventScrollReset className="stack">
      <input type="hidden" name="intent" value={intent} />
      {request ? <input type="hidden" name="changeRequestId" value={request.id} /> : null}
      <FormError error={formError(errors, ["title", "justification", "scope", "budgetDelta", "newTargetDate"])} />
      <FormField label="Title" name="title" required defaultValue={request?.title} error={fieldError(errors, "title")} />
      <TextareaField label="Justification" name="justification" required defaultValue={request?.justification} error={fieldError(errors, "justification")} rows={3} />
      <TextareaField
        label="Deliverables added"
        name="scope"
        hint="One per line, “Type: number”."
        defaultValue={request?.scope.map((line) => `${line.deliverableType}: ${line.count}`).join("\n")}
        error={fieldError(errors, "scope")}
        rows={2}
      />
      <FormField
        label={`Fee change (${currency})`}
        name="budgetDelta"
        hint="Negative lowers the budget."
        defaultValue={request && request.budgetDelta.minor !== 0 ? request.budgetDelta.formatted.replace("−", "-") : undefined}
        error={fieldError(errors, "budgetDelta")}
      />
      <FormField label="New target date" name="newTargetDate" type="date" defaultValue={request?.newTargetDate ?? undefined} error={fieldError(errors, "newTargetDate")} />
      <button type="submit" className="button" disabled={busy}>
        Save draft
      </button>
    </Form>
  );
}
