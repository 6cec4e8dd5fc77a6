import { Form } from "@remix-run/react";
import { useState } from "react";
import type { PresentedReview, PresentedWorkflow } from "../../../server/documents/workflow-presenter.ts";
import { formatCalendarDate, formatDate } from "~/utils/format";
import { StatusBadge } from "./badges";
import { Redline } from "./redline";
import { TextareaField, fieldError } from "./fields";
import { DECISION_LABELS, MAINTAINED_LABELS } from "./labels";
import { FormField } from "~/components/form-field";

/**
 * The document's publishing workflow (docs/decisions/012-publishing-workflow.md): where the
 * draft is, who reviews it and what they decided, what is live, when review is due, and a
 * button for each move the server allows this viewer (`allowedMoves`). The forms post to the
 * document page's action with their own intents.
 */

type Errors = { formError?: string; fieldErrors?: Record<string, string> } | undefined;
type Candidate = { id: string; name: string; role: string; title: string | null };

/**
 * Beside the status, for every reader: whether the document is maintained (only real reviews
 * count, ADR 018) and the date its law is stated as at.
 */
export function MaintenanceLine({ maintained, lawStatedAt }: { maintained: PresentedWorkflow["maintained"]; lawStatedAt: string | null }) {
  if (!maintained && !lawStatedAt) return null;
  return (
    <span className="maintenance-line">
      {maintained ? <span className={`maintained maintained-${maintained.toLowerCase().replace("_", "-")}`}>{MAINTAINED_LABELS[maintained]}</span> : null}{" "}
      <span className="hint">
        Law stated as at {lawStatedAt ? <time dateTime={lawStatedAt}>{formatCalendarDate(lawStatedAt)}</time> : "— (not reviewed yet)"}
      </span>
    </span>
  );
}

export function WorkflowPanel({
  workflow,
  reviewerCandidates,
  viewerId,
  errors,
  busy,
}: {
  workflow: PresentedWorkflow;
  reviewerCandidates: Candidate[];
  viewerId: string;
  errors: Errors;
  busy: boolean;
}) {
  const { published, review, snapshot } = workflow;
  const can = (move: string) => workflow.allowedMoves.includes(move as PresentedWorkflow["allowedMoves"][number]);
  const draftInProgress = !!published && (workflow.state === "IN_REVIEW" || workflow.state === "DRAFT" || workflow.draftChanges);
  return (
    <section className="card workflow-panel" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Publishing</h2>
      <p className="workflow-state">
        <StatusBadge status={workflow.state} />{" "}
        {draftInProgress ? <span className="status status-in-review">Published version live · newer draft in progress</span> : null}
      </p>

      {published ? (
        <p>
          Version {published.number} published <time dateTime={published.publishedAt}>{formatDate(published.publishedAt)}</time>
          {published.publishedBy ? ` by ${published.publishedBy.name}` : ""}, in force from{" "}
          <time dateTime={published.effectiveAt ?? published.publishedAt}>{formatCalendarDate(published.effectiveAt ?? published.publishedAt)}</time>.
          {published.approvedBy?.length ? ` Approved by ${published.approvedBy.map((a) => a.name).join(", ")}.` : ""}
          {published.overrideReason ? ` Published without every approval: “${published.overrideReason}”` : ""}
          {published.backdateReason ? ` Back-dated: “${published.backdateReason}”` : ""}
        </p>
      ) : workflow.scheduled.length ? null : (
        <p className="hint">Not published yet: clients see nothing of it until it is.</p>
      )}
      {workflow.scheduled.map((v) => (
        <p key={v.number} className="workflow-scheduled">
          Version {v.number} takes effect on <time dateTime={v.effectiveAt}>{formatCalendarDate(v.effectiveAt)}</time>
          {published ? `; version ${published.number} stays in force until then.` : "; clients see nothing of it until then."}
        </p>
      ))}

      {workflow.maintained === "NEVER_REVIEWED" ? (
        <p>
          <span className="maintained maintained-never-reviewed">{MAINTAINED_LABELS.NEVER_REVIEWED}</span> Published without a review (created or imported
          as published). Submit it for review: publishing after the approvals makes it maintained and states the law as at that date.
        </p>
      ) : null}
      {workflow.reviewDueAt && workflow.maintained ? (
        <p>
          <span className={`maintained maintained-${workflow.maintained.toLowerCase().replace("_", "-")}`}>{MAINTAINED_LABELS[workflow.maintained]}</span>{" "}
          Review due <time dateTime={workflow.reviewDueAt}>{formatCalendarDate(workflow.reviewDueAt)}</time>
          {workflow.reviewIntervalMonths ? ` (every ${workflow.reviewIntervalMonths} months)` : ""}.
        </p>
      ) : null}

      {review ? <ReviewSummary title="In review" review={review} /> : null}
      {review && snapshot ? (
        <div className="review-snapshot">
          {review.snapshot ? (
            <p>
              Under review: version {review.snapshot.number}, frozen <time dateTime={review.snapshot.submittedAt}>{formatDate(review.snapshot.submittedAt)}</time>.
              Approvals are of this text, and publishing publishes exactly it.
            </p>
          ) : null}
          {review.snapshot ? <OpenSuggestions count={review.snapshot.openSuggestions} /> : null}
          <p>
            Approval policy:{" "}
            {snapshot.policy.requiredApprovals ? `${snapshot.policy.requiredApprovals} approvals` : "every named reviewer approves"}
            {snapshot.policy.ownerRoleRequired ? `, including the owner role (${snapshot.policy.ownerRole ?? "not set"})` : ""}.{" "}
            {snapshot.missing.length ? `Still needed: ${snapshot.missing.join("; ")}.` : "Met: it can be published."}
          </p>
          {snapshot.changedSinceSubmitted ? (
            <details className="changed-since-submitted" open>
              <summary>
                <span className="status status-in-review">Changed since submitted</span> The draft has moved on from the text under review; the later edits will
                not be published unless the snapshot is replaced (which resets every decision).
              </summary>
              {snapshot.redline ? <Redline diff={snapshot.redline} /> : null}
            </details>
          ) : null}
          {can("replace_snapshot") && snapshot.changedSinceSubmitted ? (
            <MoveButton intent="replace-snapshot" label="Replace the text under review with the current draft" busy={busy} />
          ) : null}
        </div>
      ) : null}
      {workflow.lastClosedReview?.status === "CHANGES_REQUESTED" ? <ReviewSummary title="Changes requested" review={workflow.lastClosedReview} /> : null}

      {can("approve") ? (
        <Form method="post" className="workflow-form" aria-label="Your review">
          <input type="hidden" name="intent" value="decide-review" />
          <TextareaField label="Comment" name="comment" rows={3} maxLength={2000} hint="Required when you request changes." error={fieldError(errors, "comment")} />
          <div className="form-actions">
            <button type="submit" name="decision" value="approve" className="button primary" disabled={busy}>
              Approve
            </button>
            <button type="submit" name="decision" value="request_changes" className="button" disabled={busy}>
              Request changes
            </button>
          </div>
        </Form>
      ) : null}

      {can("submit") ? (
        <Form method="post" className="workflow-form" aria-label="Submit for review">
          <input type="hidden" name="intent" value="submit-review" />
          <fieldset className="field" aria-describedby="reviewers-hint">
            <legend>Reviewers</legend>
            <p id="reviewers-hint" className="hint">
              {published ? "Submit the draft (or an unchanged document, as its periodic review)." : "Submit this draft."} The text is frozen
              as it is now: reviewers approve that text, and you can keep editing the next draft. Name at least one editor or admin besides
              yourself; the approval policy says how many must approve.
            </p>
            {reviewerCandidates.map((c) => (
              <label key={c.id} className="choice">
                <input type="checkbox" name="reviewerIds" value={c.id} /> {c.name}
                {c.title ? `, ${c.title}` : ""}
                {c.id === viewerId ? " (you)" : ""}
              </label>
            ))}
            {fieldError(errors, "reviewerIds") ? (
              <p className="field-error" role="alert">
                {fieldError(errors, "reviewerIds")}
              </p>
            ) : null}
          </fieldset>
          <TextareaField label="Message to reviewers" name="message" rows={2} maxLength={2000} error={fieldError(errors, "message")} />
          <button type="submit" className="button primary" disabled={busy}>
            Submit for review
          </button>
        </Form>
      ) : null}

      {can("publish") ? (
        <Form method="post" className="workflow-form" aria-label="Publish">
          <input type="hidden" name="intent" value="publish" />
          <FormField
            label="Effective date"
            name="effectiveDate"
            type="date"
            hint="Leave empty to make it effective today. A later date schedules it: the version in force stays until then."
            error={fieldError(errors, "effectiveDate")}
          />
          {can("archive") ? (
            <TextareaField
              label="Reason for back-dating"
              name="backdateReason"
              rows={2}
              maxLength={2000}
              hint="Admins only, and only for an effective date before today; kept with the version and in the audit trail."
              error={fieldError(errors, "backdateReason")}
            />
          ) : null}
          <FormField
            label="Law stated as at"
            name="lawStatedAt"
            type="date"
            hint="The date the reviewed text states the law as at. Leave empty for the day of the last approval."
            error={fieldError(errors, "lawStatedAt")}
          />
          {can("archive") && snapshot?.missing.length ? (
            <TextareaField
              label="Reason for publishing without the approvals"
              name="overrideReason"
              rows={2}
              maxLength={2000}
              hint="Admins only; kept with the version and in the audit trail."
              error={fieldError(errors, "overrideReason")}
            />
          ) : null}
          <PublishButton busy={busy} openSuggestions={review?.snapshot ? review.snapshot.openSuggestions : workflow.draftSuggestions} />
        </Form>
      ) : null}

      {can("withdraw") || can("archive") || can("restore") ? (
        <div className="form-actions">
          {can("withdraw") ? <MoveButton intent="withdraw-review" label="Withdraw from review" busy={busy} /> : null}
          {can("archive") ? <MoveButton intent="archive" label="Archive" busy={busy} /> : null}
          {can("restore") ? <MoveButton intent="unarchive" label="Restore from archive" busy={busy} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function ReviewSummary({ title, review }: { title: string; review: PresentedReview }) {
  return (
    <div className="review-summary">
      <h3>{title}</h3>
      <p className="hint">
        Requested by {review.requestedBy?.name ?? "a former member"} on <time dateTime={review.createdAt}>{formatDate(review.createdAt)}</time>
        {review.message ? `: “${review.message}”` : "."}
      </p>
      <ul aria-label="Reviewers">
        {review.reviewers.map((r) => (
          <li key={r.id}>
            {r.name} — {r.decision ? DECISION_LABELS[r.decision] : "Waiting"}
            {r.decidedAt ? (
              <>
                {" "}
                (<time dateTime={r.decidedAt}>{formatDate(r.decidedAt)}</time>)
              </>
            ) : null}
            {r.comment ? <q>{r.comment}</q> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

const suggestionsPhrase = (count: number) => (count === 1 ? "1 open suggestion" : `${count} open suggestions`);

/** How many suggestions the text under review still holds (ADR 032). */
function OpenSuggestions({ count }: { count: number }) {
  if (count === 0) return <p>No open suggestions in this text.</p>;
  return (
    <p>
      <span className="status status-in-review">{suggestionsPhrase(count)}</span> in this text: publishing leaves them out (as if rejected). Accept
      or reject them in the draft and replace the snapshot to publish them.
    </p>
  );
}

/** Publish; with open suggestions in what would be published, it asks first (ADR 032). */
function PublishButton({ busy, openSuggestions }: { busy: boolean; openSuggestions: number }) {
  const [asking, setAsking] = useState(false);
  if (openSuggestions === 0) {
    return (
      <button type="submit" className="button primary" disabled={busy}>
        Publish
      </button>
    );
  }
  if (!asking) {
    return (
      <button type="button" className="button primary" disabled={busy} onClick={() => setAsking(true)}>
        Publish
      </button>
    );
  }
  return (
    <div className="publish-confirm" role="alertdialog" aria-labelledby="publish-confirm-text">
      <p id="publish-confirm-text">
        {suggestionsPhrase(openSuggestions)} will not be published. The text is published as if {openSuggestions === 1 ? "it were" : "each were"} rejected.
      </p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy} autoFocus>
          Publish without them
        </button>
        <button type="button" className="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function MoveButton({ intent, label, busy }: { intent: string; label: string; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="button" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}
